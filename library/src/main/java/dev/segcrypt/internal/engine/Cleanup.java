package dev.segcrypt.internal.engine;

import java.lang.ref.Cleaner;

/**
 * The library's one {@link Cleaner} (one daemon thread, {@code segcrypt-cleaner}): it releases
 * what an object dropped without {@code close()} still holds, such as threads and key copies.
 */
public final class Cleanup {

    private static final Cleaner CLEANER =
            Cleaner.create(Thread.ofPlatform().daemon().name("segcrypt-cleaner").factory());

    private Cleanup() {}

    /**
     * Runs {@code action} once {@code owner} is unreachable, unless the returned cleanable ran it
     * before. The action must not refer to {@code owner}, or the owner never becomes unreachable.
     *
     * @return the cleanable whose {@code clean()} runs the action now, once
     */
    public static Cleaner.Cleanable register(Object owner, Runnable action) {
        return CLEANER.register(owner, action);
    }
}

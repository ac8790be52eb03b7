package dev.segcrypt.internal.engine;

import dev.segcrypt.internal.wire.FrameType;

/**
 * Runs on the carrier right before each frame's cipher call: the seam where tests inject a failing
 * or slow provider and random completion orders. Production code uses {@link #NONE}.
 */
@FunctionalInterface
public interface FrameHook {

    /** The hook that does nothing. */
    FrameHook NONE = (type, index) -> {};

    /** Called before frame ({@code type}, {@code index}) is sealed or opened; may throw or delay. */
    void beforeFrame(FrameType type, int index) throws Exception;
}

package dev.segcrypt.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.segcrypt.CryptoProvider;
import dev.segcrypt.Suite;
import dev.segcrypt.internal.crypto.Providers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The hand-off between frame threads and the crypto carriers. */
class CryptoCarriersTest {

    /**
     * A task that parks on its carrier (a provider waiting on a lock or a slow device) consumes the
     * unpark that a submitter meant for the carrier's next wait. The carrier must still be woken for
     * every later task: with one carrier, a lost wake-up leaves every caller waiting for ever, which
     * the hang guard turns into a failure.
     */
    @Test
    void call_tasksThatParkOnTheCarrier_everyCallCompletes() throws Exception {
        // given
        Map<Suite, java.security.Provider> providers = new EnumMap<>(Suite.class);
        for (Suite suite : Suite.values()) {
            providers.put(suite, Providers.resolve(CryptoProvider.JDK, suite));
        }
        int submitters = 8;
        int callsEach = 5_000;
        AtomicLong done = new AtomicLong();
        try (CryptoCarriers carriers = new CryptoCarriers(1, providers)) {

            // when
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < submitters; i++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    for (int call = 0; call < callsEach; call++) {
                        try {
                            carriers.call(carrier -> LockSupport.parkNanos(1_000));
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                        done.incrementAndGet();
                    }
                }));
            }
            assertTimeoutPreemptively(
                    Duration.ofSeconds(60),
                    () -> {
                        for (Thread thread : threads) {
                            thread.join();
                        }
                    },
                    () -> "calls completed before the carrier stopped waking up: " + done.get());
        }

        // then
        assertThat(done.get()).isEqualTo((long) submitters * callsEach);
    }
}

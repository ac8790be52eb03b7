package dev.segcrypt.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segcrypt.Options;
import dev.segcrypt.SegcryptKey;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A cipher dropped without {@code close()} must not leak its carrier threads (nor keep its key
 * copy): a {@link java.lang.ref.Cleaner} releases them once the cipher is unreachable. The GC runs
 * when asked, but not necessarily at the first request, so the test asks repeatedly within a
 * generous bound; the bound is a hang guard, not a timing assertion.
 */
class CipherCleanerTest {

    private static final long GIVE_UP_AFTER_NANOS = TimeUnit.SECONDS.toNanos(30);

    @Test
    void segmentCipher_droppedWithoutClose_itsCarrierThreadsEnd() throws Exception {
        // given: a cipher that has worked, so its carriers made their ciphers
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        List<Thread> carriers = useAndDropACipher();
        assertThat(carriers).as("carrier threads of the dropped cipher").hasSize(3);
        assertThat(carriers).allMatch(Thread::isAlive);
        assertThat(before).doesNotContainAnyElementsOf(carriers);

        // when
        long start = System.nanoTime();
        while (carriers.stream().anyMatch(Thread::isAlive) && System.nanoTime() - start < GIVE_UP_AFTER_NANOS) {
            System.gc();
            for (Thread carrier : carriers) {
                carrier.join(100);
            }
        }

        // then
        assertThat(carriers)
                .as("carrier threads still alive after the cipher became unreachable")
                .noneMatch(Thread::isAlive);
    }

    /** Makes a cipher, uses it, and returns its carrier threads; the cipher is unreachable after. */
    private static List<Thread> useAndDropACipher() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        DefaultSegmentCipher cipher = DefaultSegmentCipher.create(
                SegcryptKey.generate(), Options.defaults().withFrameSize(64).withCarriers(3));
        byte[] plaintext = new byte[64 * 10];
        assertThat(cipher.decrypt(cipher.encrypt(plaintext))).isEqualTo(plaintext);
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !before.contains(thread))
                .filter(thread -> thread.getName().startsWith("segcrypt-carrier-"))
                .toList();
    }
}

package dev.segcrypt.internal.stream;

/** Waiting for the stream adapters' own threads. */
final class Threads {

    private Threads() {}

    /**
     * Waits until {@code thread} has ended, even when the caller is interrupted meanwhile: what the
     * thread reads must not be reused or zeroed before. The caller's interrupt status is kept.
     */
    static void awaitEnd(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}

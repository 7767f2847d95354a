package dev.pcdarts.cli;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C (SIGINT) or SIGTERM asks the running loop to stop: it finishes the current step, writes a checkpoint and
 * the command exits 130. A second Ctrl-C stops at once (the last checkpoint stays valid).
 */
final class Interrupts {
    private Interrupts() {}

    @SuppressWarnings("removal")
    static AtomicBoolean install(java.io.PrintStream err) {
        AtomicBoolean stop = new AtomicBoolean();
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> {
                    if (stop.getAndSet(true)) Runtime.getRuntime().halt(130);
                    err.println();
                    err.println("SIG" + sig.getName() + ": finishing this step and writing a checkpoint (Ctrl-C again to quit at once)");
                });
            } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
                // No signal support here: the signal ends the JVM; the epoch checkpoints remain valid.
            }
        }
        return stop;
    }
}

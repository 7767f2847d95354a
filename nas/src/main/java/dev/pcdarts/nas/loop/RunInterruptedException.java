package dev.pcdarts.nas.loop;

import java.nio.file.Path;

/** The run was asked to stop; its state is in {@link #checkpoint()} (null when it had none to write). */
public final class RunInterruptedException extends RuntimeException {
    private final transient Path checkpoint;

    public RunInterruptedException(Path checkpoint) {
        super(checkpoint == null ? "interrupted" : "interrupted; state saved in " + checkpoint);
        this.checkpoint = checkpoint;
    }

    public Path checkpoint() {
        return checkpoint;
    }
}

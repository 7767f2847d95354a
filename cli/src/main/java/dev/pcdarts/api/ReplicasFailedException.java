package dev.pcdarts.api;

/**
 * Data-parallel replicas failed on every launch: the retry limit is spent. The message says how
 * often and the last replica's own error; the run's last checkpoint is intact for --resume.
 */
public final class ReplicasFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ReplicasFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

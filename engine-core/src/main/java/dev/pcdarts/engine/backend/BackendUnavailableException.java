package dev.pcdarts.engine.backend;

/** The requested backend is unknown or cannot run here; the message says which and why. */
public final class BackendUnavailableException extends RuntimeException {
    public BackendUnavailableException(String message) {
        super(message);
    }
}

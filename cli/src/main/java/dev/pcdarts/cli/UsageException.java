package dev.pcdarts.cli;

/** A mistake in how the command was called; exit code 2, one line on stderr. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}

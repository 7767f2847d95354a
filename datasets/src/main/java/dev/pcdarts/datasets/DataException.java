package dev.pcdarts.datasets;

import java.nio.file.Path;

/** Missing, truncated or corrupt data; the message names the file and what is wrong. */
public final class DataException extends RuntimeException {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }

    public static DataException of(Path file, String what) {
        return new DataException(file + ": " + what);
    }

    /** The cause stays out of the message, which is the one line users see; --verbose prints it. */
    public static DataException of(Path file, String what, Throwable cause) {
        return new DataException(file + ": " + what, cause);
    }
}

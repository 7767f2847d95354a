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
}

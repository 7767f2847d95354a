package dev.pcdarts.cli;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/** A file of a run could not be written (disk full, read-only, not permitted): exit code 5. */
final class RunWriteException extends RuntimeException {
    RunWriteException(Path file, String what, IOException cause) {
        this(file, what, cause, "");
    }

    /** @param advice what the user can do, appended after a semicolon (empty for none) */
    RunWriteException(Path file, String what, IOException cause, String advice) {
        super("cannot write " + (what.isEmpty() ? "" : what + " ") + file + ": " + reason(cause) + (advice.isEmpty() ? "" : "; " + advice), cause);
    }

    /** The operating system's words for it ("No space left on device"), without the exception's class. */
    static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file or directory";
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}

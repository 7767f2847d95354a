package dev.pcdarts.cli;

/** The command's exit codes (DESIGN.md). */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int INTERNAL = 1;
    public static final int USAGE = 2;
    public static final int BACKEND = 3;
    public static final int DATA = 4;
    /** A run's files could not be written: disk full, read-only or not permitted. */
    public static final int WRITE = 5;
    /** Training diverged: a non-finite loss or gradient. */
    public static final int DIVERGED = 6;
    /** Data-parallel replicas (--spark) failed on every launch; the last checkpoint is kept. */
    public static final int REPLICAS_FAILED = 7;
    public static final int INTERRUPTED = 130;

    private ExitCodes() {}

    /** For the footer of every --help. */
    public static final String HELP = "%nExit codes: 0 ok, 1 internal error, 2 usage error, 3 backend unavailable, 4 bad or missing data, "
            + "5 cannot write the run directory (disk full, read-only), 6 training diverged (non-finite loss or gradient), "
            + "130 interrupted (after a checkpoint is safely written).";
}

package dev.pcdarts.cli;

import dev.pcdarts.nas.loop.TrainListener;
import java.io.PrintStream;
import java.util.function.BooleanSupplier;

/**
 * Progress on stderr: a bar per epoch redrawn in place (step, loss, top-1, ETA) on a terminal;
 * plain log lines when stderr is not a terminal or with --no-progress, so logs and tests read lines.
 */
final class Progress implements TrainListener, AutoCloseable {
    private final PrintStream err;
    private final boolean bar;
    private final String what;
    private final int barWidth;
    private int epochs;
    private int stepsPerEpoch;
    private long start;
    private int stepsDone;
    private int startEpoch;
    private int startStep;
    private TerminalBar open;
    private int openEpoch = -1;

    /** {@code barWidth} 0 fits the terminal's width. */
    Progress(PrintStream err, boolean bar, String what, int barWidth) {
        this.err = err;
        this.bar = bar;
        this.what = what;
        this.barWidth = barWidth;
    }

    /** The listener a command uses: bars when {@link #showBar} says so for this process. */
    static Progress of(PrintStream err, boolean noProgress, String what) {
        return new Progress(err, showBar(Progress::terminal, noProgress), what, 0);
    }

    /** Bars only on a terminal and without --no-progress; the terminal test is asked only when it matters. */
    static boolean showBar(BooleanSupplier terminal, boolean noProgress) {
        return !noProgress && terminal.getAsBoolean();
    }

    /** Whether the console is interactive: JDK 22+ returns a console for redirected streams too, hence isTerminal. */
    static boolean terminal() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal() && stderrMayBeTerminal();
    }

    /** isTerminal looks at stdin and stdout only: where Linux says where stderr goes, a file or pipe there gets plain lines. */
    private static boolean stderrMayBeTerminal() {
        try {
            String target = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            return true; // no /proc: isTerminal's answer stands
        }
    }

    @Override
    public void onStart(int epochs, int stepsPerEpoch, int startEpoch, int startStep) {
        this.epochs = epochs;
        this.stepsPerEpoch = stepsPerEpoch;
        this.startEpoch = startEpoch;
        this.startStep = startStep;
        this.start = System.nanoTime();
        err.printf("%s: %d epochs x %d steps%s%n", what, epochs, stepsPerEpoch, startEpoch > 0 || startStep > 0
                ? ", resuming at epoch " + startEpoch + (startStep > 0 ? " step " + startStep : "") : "");
    }

    @Override
    public void onStep(StepStats s) {
        stepsDone++;
        double elapsed = (System.nanoTime() - start) / 1e9;
        double perStep = elapsed / stepsDone;
        long remaining = (long) (epochs - startEpoch) * stepsPerEpoch - startStep - stepsDone;
        String eta = eta(remaining * perStep);
        if (bar) {
            if (openEpoch != s.epoch()) {
                close();
                // short task name: the bar, the step count, the epoch's elapsed/ETA and the message share one terminal line
                open = new TerminalBar(err, String.format("%s %d/%d", what, s.epoch() + 1, epochs), s.steps(), s.step(), barWidth);
                openEpoch = s.epoch();
            }
            open.stepTo(s.step() + 1, String.format("loss %.4f top1 %.1f%% run ETA %s", s.loss(), s.top1(), eta));
        } else if (s.step() == 0 || (s.step() + 1) % 10 == 0 || s.step() + 1 == s.steps()) {
            double ips = s.images() / Math.max(1e-9, s.seconds());
            err.printf("%s epoch %d/%d step %d/%d loss %.4f top1 %.1f%% %.1f img/s ETA %s%n", what, s.epoch() + 1, epochs, s.step() + 1, s.steps(),
                    s.loss(), s.top1(), ips, eta);
        }
    }

    @Override
    public void onEpoch(EpochStats e) {
        close();
        err.printf("%s epoch %d/%d done in %.1f s: train loss %.4f top1 %.2f%%%s%n", what, e.epoch() + 1, e.epochs(), e.seconds(), e.trainLoss(),
                e.trainTop1(), Double.isNaN(e.validTop1()) ? "" : String.format(", valid loss %.4f top1 %.2f%%", e.validLoss(), e.validTop1()));
        if (!e.arch().isEmpty()) err.println("  genotype: " + e.genotype());
    }

    /** Ends the open bar, if any: after an epoch, and when the loop stops early (Ctrl-C, an error). */
    @Override
    public void close() {
        if (open != null) open.close();
        open = null;
        openEpoch = -1;
    }

    static String eta(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
}

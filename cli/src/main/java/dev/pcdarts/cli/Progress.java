package dev.pcdarts.cli;

import dev.pcdarts.nas.loop.TrainListener;
import java.io.PrintStream;

/**
 * Progress on stderr: a bar redrawn in place (epoch, step, loss, accuracy, images/s, ETA) on a
 * terminal; plain log lines when stderr is not a terminal or with --no-progress.
 */
final class Progress implements TrainListener {
    private final PrintStream err;
    private final boolean bar;
    private final String what;
    private int epochs;
    private int stepsPerEpoch;
    private long start;
    private int stepsDone;
    private int startEpoch;

    Progress(PrintStream err, boolean bar, String what) {
        this.err = err;
        this.bar = bar;
        this.what = what;
    }

    static boolean terminal() {
        return System.console() != null && System.console().isTerminal();
    }

    @Override
    public void onStart(int epochs, int stepsPerEpoch, int startEpoch, int startStep) {
        this.epochs = epochs;
        this.stepsPerEpoch = stepsPerEpoch;
        this.startEpoch = startEpoch;
        this.start = System.nanoTime();
        err.printf("%s: %d epochs x %d steps%s%n", what, epochs, stepsPerEpoch, startEpoch > 0 || startStep > 0
                ? ", resuming at epoch " + startEpoch + (startStep > 0 ? " step " + startStep : "") : "");
    }

    @Override
    public void onStep(StepStats s) {
        stepsDone++;
        double elapsed = (System.nanoTime() - start) / 1e9;
        double perStep = elapsed / stepsDone;
        long remaining = (long) (epochs - startEpoch) * stepsPerEpoch - stepsDone;
        double ips = s.images() / Math.max(1e-9, s.seconds());
        if (bar) {
            int width = 24;
            int filled = (int) Math.round(width * (s.step() + 1) / (double) Math.max(1, s.steps()));
            err.printf("\r%s epoch %d/%d [%s%s] %d/%d loss %.4f top1 %5.1f%% %6.1f img/s ETA %s ", what, s.epoch() + 1, epochs,
                    "#".repeat(filled), ".".repeat(width - filled), s.step() + 1, s.steps(), s.loss(), s.top1(), ips, eta(remaining * perStep));
            err.flush();
        } else if (s.step() == 0 || (s.step() + 1) % 10 == 0 || s.step() + 1 == s.steps()) {
            err.printf("%s epoch %d/%d step %d/%d loss %.4f top1 %.1f%% %.1f img/s ETA %s%n", what, s.epoch() + 1, epochs, s.step() + 1, s.steps(),
                    s.loss(), s.top1(), ips, eta(remaining * perStep));
        }
    }

    @Override
    public void onEpoch(EpochStats e) {
        if (bar) err.print("\r\033[K");
        err.printf("%s epoch %d/%d done in %.1f s: train loss %.4f top1 %.2f%%%s%n", what, e.epoch() + 1, e.epochs(), e.seconds(), e.trainLoss(),
                e.trainTop1(), Double.isNaN(e.validTop1()) ? "" : String.format(", valid loss %.4f top1 %.2f%%", e.validLoss(), e.validTop1()));
        if (!e.arch().isEmpty()) err.println("  genotype: " + e.genotype());
    }

    private static String eta(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
}

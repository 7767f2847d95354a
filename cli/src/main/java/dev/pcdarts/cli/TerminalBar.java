package dev.pcdarts.cli;

import java.io.PrintStream;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * One epoch's bar redrawn in place (percentage, step count, elapsed and ETA, then a message),
 * drawn by the progressbar library; the only class that names its types, so that swapping the
 * library touches nothing else.
 */
final class TerminalBar implements AutoCloseable {
    private final ProgressBar bar;
    private final PrintStream out;

    /** {@code width} 0 fits the terminal; {@code startStep} steps already done (a resumed epoch) count for no time. */
    TerminalBar(PrintStream out, String task, int steps, int startStep, int width) {
        this.out = out;
        // the library skips its consumer's close when a bar closes before its first redraw: the line is ended here instead
        ConsoleProgressBarConsumer line = new ConsoleProgressBarConsumer(out, width) {
            @Override
            public void close() {}
        };
        bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(steps).setStyle(ProgressBarStyle.ASCII)
                .setConsumer(line).setUpdateIntervalMillis(250)
                .startsFrom(startStep, Duration.ZERO).build();
    }

    void stepTo(int done, String message) {
        bar.setExtraMessage(message);
        bar.stepTo(done);
    }

    /** Draws the final state and ends the line. */
    @Override
    public void close() {
        bar.close();
        out.println();
        out.flush();
    }
}

package dev.pcdarts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pcdarts.nas.loop.TrainListener.EpochStats;
import dev.pcdarts.nas.loop.TrainListener.StepStats;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The progress listener: plain lines off a terminal, a library bar on one, and the choice between them. */
class ProgressTest {
    private static final int STEPS = 12;

    @TempDir
    Path tmp;

    /** Two epochs of STEPS steps (the first resumed at step 2), as the loop reports them. */
    private static String drive(boolean bar) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (Progress p = new Progress(err, bar, "search", 120)) {
            p.onStart(2, STEPS, 0, 2);
            for (int e = 0; e < 2; e++) {
                for (int s = e == 0 ? 2 : 0; s < STEPS; s++) p.onStep(new StepStats(e, s, STEPS, 2.5 - 0.1 * s, 10.0 + s, 50, 8, 0.01));
                p.onEpoch(new EpochStats(e, 2, 0.025, 1.75, 33.3, 80, 1.5, 40.0, 90, 1.2, "g" + e, Map.of()));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void plainLinesHaveAFixedFormatAndNoCarriageReturns() {
        String out = drive(false);
        assertFalse(out.contains("\r") || out.contains("\033"), out);
        List<String> lines = out.lines().toList();
        assertEquals("search: 2 epochs x 12 steps, resuming at epoch 0 step 2", lines.getFirst());
        Pattern step = Pattern.compile("search epoch (\\d)/2 step (\\d+)/12 loss \\d[.,]\\d{4} top1 \\d+[.,]\\d% \\d+[.,]\\d img/s ETA \\d+:\\d\\d:\\d\\d");
        List<String> steps = lines.stream().filter(l -> l.startsWith("search epoch") && l.contains(" step ")).toList();
        for (String l : steps) assertTrue(step.matcher(l).matches(), l);
        // every tenth step, the first and the last of an epoch
        assertEquals(List.of("1 10", "1 12", "2 1", "2 10", "2 12"), steps.stream().map(l -> {
            var m = step.matcher(l);
            return m.matches() ? m.group(1) + " " + m.group(2) : l;
        }).toList());
        assertTrue(lines.contains("search epoch 1/2 done in 1.2 s: train loss 1.7500 top1 33.30%, valid loss 1.5000 top1 40.00%")
                || lines.stream().anyMatch(l -> l.matches("search epoch 1/2 done in 1[.,]2 s: train loss 1[.,]7500 top1 33[.,]30%, valid loss 1[.,]5000 top1 40[.,]00%")), out);
        assertEquals(8, lines.size(), out);
    }

    @Test
    void barsRedrawInPlaceWithStepsLossTop1AndEta() {
        String out = drive(true);
        assertTrue(out.contains("\r"), "a bar redraws its line: " + out);
        for (String s : List.of("search 1/2 ", "search 2/2 ", "12/12", "loss 1.4000", "top1 21.0%", "run ETA 0:00:00")) {
            assertTrue(out.replace(',', '.').contains(s), "bar output lacks '" + s + "': " + out);
        }
        assertTrue(out.contains("search epoch 2/2 done in"), out);
        assertFalse(out.contains(" step 10/12 "), "no plain step lines beside the bars: " + out);
    }

    @Test
    void closingMidEpochEndsTheBarsLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, "train", 100);
        p.onStart(1, STEPS, 0, 0);
        p.onStep(new StepStats(0, 0, STEPS, 2.0, 12.5, 50, 8, 0.01));
        p.close();
        p.close(); // a second close (the command's, after the loop's) is harmless
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.endsWith("\n") && out.contains("1/12"), out);
    }

    @Test
    void barsOnlyOnATerminalAndWithoutNoProgress() {
        assertTrue(Progress.showBar(() -> true, false));
        assertFalse(Progress.showBar(() -> false, false));
        assertFalse(Progress.showBar(() -> {
            throw new AssertionError("--no-progress needs no terminal test");
        }, true));
    }

    /** Tests and CI have no terminal: a command run without --no-progress logs plain lines. */
    @Test
    void offATerminalACommandLogsPlainLines() {
        assertFalse(Progress.terminal(), "the test JVM's streams are pipes, not a terminal");
        Cli c = Cli.run("train", "--fast-dev-run", "--run-dir", tmp.resolve("t").toString());
        assertEquals(0, c.code(), c.toString());
        assertFalse(c.err().contains("\r"), c.toString());
        assertTrue(c.err().lines().anyMatch(l -> l.matches("train epoch 1/\\d+ step 1/\\d+ loss .* ETA \\d+:\\d\\d:\\d\\d")), c.toString());
    }
}

package dev.pcdarts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real pcdarts processes killed (SIGKILL at several points), interrupted (SIGINT, twice, SIGTERM)
 * or run beside each other, then resumed: every record equals an uninterrupted run's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResumeProcessTest {
    @TempDir
    Path tmp;

    /** 3 epochs of 4 steps. */
    private static final List<String> SEARCH = List.of("search", "--epochs", "3", "--init-channels", "4", "--layers", "3", "--batch-size", "8",
            "--limit-images", "32", "--begin", "1", "--workers", "1", "--no-progress");
    /** 2 epochs of 4 steps, drop path on. */
    private static final List<String> TRAIN = List.of("train", "--epochs", "2", "--init-channels", "4", "--layers", "3", "--batch-size", "8",
            "--limit-images", "32", "--drop-path", "0.2", "--workers", "1", "--no-progress");

    private Path wholeSearch;
    private Path wholeTrain;
    /** The uninterrupted runs, shared by the tests of this class (a @TempDir field is new for every test). */
    private Path shared;

    @BeforeAll
    void sharedFolder() throws IOException {
        shared = Files.createTempDirectory("pcdarts-uninterrupted");
    }

    @AfterAll
    void removeSharedFolder() throws IOException {
        try (var s = Files.walk(shared)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        }
    }

    private static List<String> args(List<String> base, Path runDir) {
        List<String> a = new ArrayList<>(base);
        a.addAll(List.of("--run-dir", runDir.toString()));
        return a;
    }

    private synchronized Path uninterrupted(boolean search) {
        Path p = search ? wholeSearch : wholeTrain;
        if (p != null) return p;
        p = shared.resolve(search ? "whole-search" : "whole-train");
        Cli c = Cli.run(args(search ? SEARCH : TRAIN, p).toArray(new String[0]));
        assertEquals(0, c.code(), c.toString());
        if (search) wholeSearch = p;
        else wholeTrain = p;
        return p;
    }

    private static Process start(Path run, List<String> base) throws IOException {
        return PcdartsProcess.start(run.resolveSibling(run.getFileName() + ".out"), args(base, run));
    }

    private static String output(Path run) throws IOException {
        return Files.readString(run.resolveSibling(run.getFileName() + ".out"));
    }

    private void resumeAndCompare(Path run, boolean search) throws IOException {
        Cli resumed = Cli.run(search ? "search" : "train", "--resume", run.toString(), "--no-progress");
        assertEquals(0, resumed.code(), resumed.toString());
        RunRecords.assertSameRun(uninterrupted(search), run);
    }

    /** SIGKILL once metrics.csv has {@code rows} lines: inside epoch 0, around its checkpoint, inside epoch 1, in the last epoch. */
    @Test
    void killMinus9AnywhereThenResumeEndsLikeAnUninterruptedRun() throws Exception {
        for (int rows : new int[] {2, 5, 6, 8, 13}) {
            Path run = tmp.resolve("killed-" + rows);
            Process p = start(run, SEARCH);
            PcdartsProcess.waitForLines(run.resolve("metrics.csv"), rows, p);
            assertTrue(p.isAlive(), "the search ended before it could be killed:\n" + output(run));
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertFalse(Files.exists(run.resolve("report.html")), "the killed run did not finish");
            // what a kill during a checkpoint write leaves
            Files.writeString(run.resolve(".checkpoint.safetensors.123456.tmp"), "partial");
            resumeAndCompare(run, true);
        }
    }

    @Test
    void sigintSigintTwiceAndSigtermStopCleanlyAndResume() throws Exception {
        for (String how : List.of("INT", "INT INT", "TERM")) {
            Path run = tmp.resolve("signal-" + how.replace(' ', '-'));
            Process p = start(run, SEARCH);
            PcdartsProcess.waitForLines(run.resolve("metrics.csv"), 4, p);
            assertTrue(p.isAlive(), "the search ended before the signal:\n" + output(run));
            for (String sig : how.split(" ")) PcdartsProcess.signal(p, sig);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(130, p.exitValue(), output(run));
            if (!how.contains(" ")) {
                assertTrue(output(run).contains("continue with --resume"), output(run));
                assertTrue(Files.exists(run.resolve("checkpoint.safetensors")));
            }
            resumeAndCompare(run, true);
        }
    }

    @Test
    void trainOnSigintWritesACheckpointExits130AndResumesInsideTheEpoch() throws Exception {
        Path run = tmp.resolve("train-interrupted");
        Process p = start(run, TRAIN);
        PcdartsProcess.waitForLines(run.resolve("metrics.csv"), 3, p); // header and two steps of epoch 0
        assertTrue(p.isAlive(), "the training ended before the signal:\n" + output(run));
        PcdartsProcess.signal(p, "INT");
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(130, p.exitValue(), output(run));
        assertTrue(output(run).contains("interrupted") && output(run).contains("continue with --resume"), output(run));
        assertTrue(Files.exists(run.resolve("checkpoint.safetensors")), "a checkpoint was written");
        resumeAndCompare(run, false);
    }

    @Test
    void aSecondRunOnALockedDirectoryIsRefusedWithTheHoldersPid() throws Exception {
        Path run = tmp.resolve("locked");
        Process p = start(run, SEARCH);
        PcdartsProcess.waitForLines(run.resolve("metrics.csv"), 2, p);
        assertTrue(p.isAlive(), output(run));
        List<String> before = Files.readAllLines(run.resolve("metrics.csv"));
        RunSafetyTest.refused(2, "in use by another pcdarts run (pid " + p.pid() + ")", "search", "--resume", run.toString(), "--no-progress");
        RunSafetyTest.refused(2, "in use by another pcdarts run (pid " + p.pid() + ")", "search", "--force", "--fast-dev-run", "--run-dir", run.toString());
        assertTrue(Files.readAllLines(run.resolve("metrics.csv")).size() >= before.size(), "the first run's records are untouched");
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
        resumeAndCompare(run, true); // the lock died with its holder
    }
}

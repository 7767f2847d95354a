package dev.pcdarts.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pcdarts.engine.io.Safetensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real pcdarts process killed (SIGKILL, and SIGINT) in the middle of a search, then resumed. */
class ResumeProcessTest {
    @TempDir
    Path tmp;

    private static final List<String> SEARCH = List.of("search", "--epochs", "3", "--init-channels", "4", "--layers", "3", "--batch-size", "8",
            "--limit-images", "32", "--begin", "1", "--workers", "1", "--no-progress");

    private static Process start(Path runDir) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(List.of("--add-modules", "jdk.incubator.vector", "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-cp", System.getProperty("java.class.path"),
                "dev.pcdarts.cli.Main"));
        cmd.addAll(SEARCH);
        cmd.addAll(List.of("--run-dir", runDir.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(runDir.resolveSibling(runDir.getFileName() + ".out").toFile()).start();
    }

    private static void waitForFile(Path f, Process p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(f) && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(5);
    }

    private Path uninterrupted() {
        Path whole = tmp.resolve("whole");
        List<String> args = new ArrayList<>(SEARCH);
        args.addAll(List.of("--run-dir", whole.toString()));
        Cli c = Cli.run(args.toArray(new String[0]));
        assertEquals(0, c.code(), c.toString());
        return whole;
    }

    private static void assertSameState(Path a, Path b) throws IOException {
        assertEquals(Files.readString(a.resolve("genotype.txt")), Files.readString(b.resolve("genotype.txt")));
        var x = Safetensors.read(a.resolve("checkpoint.safetensors")).tensors();
        var y = Safetensors.read(b.resolve("checkpoint.safetensors")).tensors();
        assertEquals(x.keySet(), y.keySet());
        for (String k : x.keySet()) assertArrayEquals(x.get(k).values(), y.get(k).values(), k);
    }

    @Test
    void killMinus9ThenResumeEndsLikeAnUninterruptedRun() throws Exception {
        Path run = tmp.resolve("killed");
        Process p = start(run);
        waitForFile(run.resolve("checkpoint.safetensors"), p); // epoch 0 is done; kill during epoch 1
        assertTrue(p.isAlive(), "the search ended before it could be killed");
        p.destroyForcibly(); // SIGKILL
        p.waitFor(30, TimeUnit.SECONDS);
        assertFalse(Files.exists(run.resolve("genotype.txt")), "the killed run did not finish");
        Cli resumed = Cli.run("search", "--resume", run.toString(), "--no-progress");
        assertEquals(0, resumed.code(), resumed.toString());
        assertSameState(uninterrupted(), run);
    }

    @Test
    void ctrlCWritesACheckpointExits130AndResumes() throws Exception {
        Path run = tmp.resolve("interrupted");
        Process p = start(run);
        waitForFile(run.resolve("metrics.csv"), p);
        while (p.isAlive() && Files.readAllLines(run.resolve("metrics.csv")).size() < 3) Thread.sleep(5); // a couple of steps done
        assertTrue(p.isAlive(), "the search ended before it could be interrupted");
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(130, p.exitValue(), Files.readString(run.resolveSibling("interrupted.out")));
        assertTrue(Files.exists(run.resolve("checkpoint.safetensors")));
        Cli resumed = Cli.run("search", "--resume", run.toString(), "--no-progress");
        assertEquals(0, resumed.code(), resumed.toString());
        assertSameState(uninterrupted(), run);
    }
}

package dev.pcdarts.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A pcdarts command in a JVM of its own, for tests that kill it or send it signals. */
final class PcdartsProcess {
    private PcdartsProcess() {}

    /** The java command line that runs pcdarts with this test's class path. */
    static List<String> javaCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(List.of("--add-modules", "jdk.incubator.vector", "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-cp", System.getProperty("java.class.path"),
                "dev.pcdarts.cli.Main"));
        return cmd;
    }

    /** Starts {@code args}; stdout and stderr go to {@code log}. */
    static Process start(Path log, List<String> args) throws IOException {
        List<String> cmd = javaCommand();
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Waits until {@code file} has at least {@code lines} lines (or the process ends). */
    static void waitForLines(Path file, int lines, Process p) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (p.isAlive() && System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readAllLines(file).size() >= lines) return;
            Thread.sleep(2);
        }
    }

    static void signal(Process p, String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).start().waitFor();
    }
}

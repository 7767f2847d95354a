package dev.pcdarts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The launcher's heap options (scripts/jvm-memory.sh) start a JVM whatever -Xmx the user adds in PCDARTS_JAVA_OPTS. */
class LauncherMemoryTest {
    private static final Path SCRIPT = Path.of("..", "scripts", "jvm-memory.sh").toAbsolutePath().normalize();

    private static String run(String userOpts) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c",
                ". \"$0\" && exec \"$1\" \"${gc[@]}\" $PCDARTS_JAVA_OPTS -XX:+PrintFlagsFinal -version", SCRIPT.toString(), java);
        pb.environment().put("PCDARTS_JAVA_OPTS", userOpts);
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "PCDARTS_JAVA_OPTS=" + userOpts + ":\n" + out);
        return out;
    }

    private static long flag(String out, String name) {
        return out.lines().filter(l -> l.contains(" " + name + " ")).map(l -> Long.parseLong(l.split("=")[1].trim().split("\\s+")[0]))
                .findFirst().orElseThrow();
    }

    @Test
    void aUsersHeapOfAnySizeStarts() throws Exception {
        for (String opts : new String[] {"-Xmx64m", "-Xmx100000k", "-Xmx2g", "-Xmx1073741824", "-Xms32m -Xmx48m"}) {
            String out = run(opts);
            assertTrue(flag(out, "SoftMaxHeapSize") <= flag(out, "MaxHeapSize"), opts);
        }
        assertEquals(64L << 20, flag(run("-Xmx64m"), "MaxHeapSize"));
        assertEquals(1L << 30, flag(run(""), "SoftMaxHeapSize"), "without the user's -Xmx the soft limit is 1 GB");
        assertTrue(run("-XX:+UseParallelGC -Xmx64m").contains("UseParallelGC                            = true"));
    }
}

package dev.pcdarts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A step too large for the heap ends with one line that says what to do, not a stack trace. */
class OutOfMemoryTest {
    @Test
    void aBatchTooLargeForTheHeapIsAClearError() throws Exception {
        List<String> cmd = List.of(ProcessHandle.current().info().command().orElse("java"),
                "--add-modules", "jdk.incubator.vector", "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Xmx96m",
                "-cp", System.getProperty("java.class.path"), "dev.pcdarts.cli.Main",
                "bench", "search", "--batch", "64", "--iters", "1", "--threads", "1", "--no-progress");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the process did not end");
        assertEquals(ExitCodes.INTERNAL, p.exitValue(), out);
        assertTrue(out.contains("pcdarts: out of Java heap"), out);
        assertTrue(out.contains("--batch"), out);
        assertFalse(out.contains("\tat "), "a stack trace was printed:\n" + out);
    }
}

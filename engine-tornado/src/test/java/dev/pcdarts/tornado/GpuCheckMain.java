package dev.pcdarts.tornado;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.pcdarts.nas.golden.TornadoGoldenSuiteTestAccess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs this module's tests (the golden suite on the Tornado backend and the backend's own) where
 * there is no Maven, as scripts/gpu-check.sh does on a GPU machine, and writes one JSON line per
 * test and a summary to the file named by the first argument ("quick" as the second: the
 * backend's tests alone). Exits 1 when a test failed.
 */
public final class GpuCheckMain {
    private GpuCheckMain() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "golden-tornado.json");
        boolean quick = args.length > 1 && args[1].equals("quick"); // the backend's own tests alone
        List<String> lines = new ArrayList<>();
        int[] counts = new int[3]; // passed, failed, skipped
        long start = System.nanoTime();
        TestExecutionListener listener = new TestExecutionListener() {
            private final java.util.Map<String, Long> began = new java.util.HashMap<>();

            @Override
            public void executionStarted(TestIdentifier id) {
                if (id.isTest()) began.put(id.getUniqueId(), System.nanoTime());
            }

            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                if (id.isTest()) counts[2]++;
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult r) {
                if (!id.isTest()) return;
                boolean ok = r.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
                counts[ok ? 0 : 1]++;
                double s = (System.nanoTime() - began.getOrDefault(id.getUniqueId(), System.nanoTime())) / 1e9;
                String why = r.getThrowable().map(t -> String.valueOf(t.getMessage())).orElse("");
                lines.add("{\"test\":" + quote(id.getDisplayName()) + ",\"ok\":" + ok + ",\"seconds\":" + s
                        + (ok ? "" : ",\"why\":" + quote(why.length() > 2000 ? why.substring(0, 2000) : why)) + "}");
                System.err.printf("%s %s (%.1f s)%n", ok ? "ok  " : "FAIL", id.getDisplayName(), s);
            }
        };
        Launcher launcher = LauncherFactory.create();
        launcher.execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(quick ? List.of(selectClass(TornadoBackendTest.class))
                        : List.of(selectClass(TornadoBackendTest.class), selectClass(TornadoGoldenSuiteTestAccess.suite())))
                .build(), listener);
        String summary = "{\"summary\":true,\"passed\":" + counts[0] + ",\"failed\":" + counts[1] + ",\"skipped\":" + counts[2]
                + ",\"seconds\":" + (System.nanoTime() - start) / 1e9 + "}";
        lines.add(summary);
        Files.write(out, lines, StandardCharsets.UTF_8);
        System.err.println(summary);
        System.exit(counts[1] == 0 && counts[0] > 0 ? 0 : 1);
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('"').toString();
    }
}

package dev.pcdarts.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pcdarts.cli.Main;
import dev.pcdarts.io.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pcdarts search --spark local-cluster[2,1,1024] --replicas 2} through the command line, as
 * a user runs it: the launcher is found through ServiceLoader, rank 0 writes the run directory,
 * and a resumed run keeps its replica count.
 */
class SparkCommandLineTest {
    private static final String[] PROPERTIES = {"spark.driver.host", "spark.driver.bindAddress", "spark.ui.enabled"};
    @TempDir
    static Path home;

    @BeforeAll
    static void localCluster() throws Exception {
        LocalCluster.conf(home.resolve("spark-home"), "local-cluster[2,1,1024]"); // lays out SPARK_HOME, sets the testing properties
        System.setProperty("spark.driver.host", "127.0.0.1");
        System.setProperty("spark.driver.bindAddress", "127.0.0.1");
        System.setProperty("spark.ui.enabled", "false");
    }

    @AfterAll
    static void clear() {
        for (String p : PROPERTIES) System.clearProperty(p);
    }

    private record Run(int code, String out, String err) {}

    private static Run cli(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    @Test
    void searchOnTwoReplicasFromTheCommandLineThenResumeKeepsTheirCount() throws Exception {
        Path run = home.resolve("run");
        Run r = cli("search", "--fast-dev-run", "--spark", "local-cluster[2,1,1024]", "--replicas", "2", "--run-dir", run.toString(),
                "--no-progress", "--json");
        assertEquals(0, r.code(), r.toString());
        Map<String, Object> out = Json.parseObject(r.out().trim().lines().reduce((a, b) -> b).orElseThrow());
        assertTrue(String.valueOf(out.get("genotype")).startsWith("Genotype(normal=["), r.toString());
        assertTrue(Files.isRegularFile(run.resolve("report.html")) && Files.isRegularFile(run.resolve("checkpoint.safetensors")));
        assertEquals(2L, ((Number) Json.parseObject(Files.readString(run.resolve("config.json"))).get("replicas")).longValue());
        Run other = cli("search", "--resume", run.toString(), "--spark", "local-cluster[2,1,1024]", "--replicas", "1");
        assertEquals(2, other.code(), other.toString());
        assertTrue(other.err().contains("this run computes on 2 replicas; --replicas 1 would change its results"), other.toString());
        Run plain = cli("search", "--resume", run.toString());
        assertEquals(2, plain.code(), plain.toString());
        assertTrue(plain.err().contains("resume it with --spark MASTER"), plain.toString());
    }
}

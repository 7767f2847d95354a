package dev.pcdarts.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pcdarts.nas.loop.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User mistakes and damaged run files: one line, the documented exit code, nothing saved lost. */
class RunSafetyTest {
    @TempDir
    Path tmp;

    /** One line on stderr that names the problem, no Java exception text, the documented code. */
    static Cli refused(int code, String mention, String... args) {
        Cli c = Cli.run(args);
        assertEquals(code, c.code(), c.toString());
        assertTrue(c.err().contains(mention), "stderr should mention '" + mention + "':\n" + c);
        assertFalse(c.err().contains("\tat ") || c.err().contains("Exception") || c.err().contains("internal error"), "no Java exception text:\n" + c);
        assertEquals(1, c.err().strip().lines().filter(l -> l.startsWith("pcdarts: ")).count(), "one line:\n" + c);
        return c;
    }

    private static String[] with(String[] base, String... more) {
        List<String> a = new ArrayList<>(List.of(base));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    @Test
    void userMistakesAreUsageErrorsAndLeaveNoDirectory() {
        String[][] cases = {
            {"2", "K must be 1, 2, 4 or 8", "--k", "3"}, {"2", "K must be 1, 2, 4 or 8", "--k", "0"},
            {"2", "--train-portion must be between 0 and 1", "--train-portion", "1.5"}, {"2", "--train-portion must be between 0 and 1", "--train-portion", "0"},
            {"2", "--image-size must be at least 1", "--image-size", "0"}, {"2", "--workers must be >= 0", "--workers", "-1"},
            {"2", "--limit-images must be >= 0", "--limit-images", "-1"}, {"2", "beta1 must be in [0, 1)", "--arch-beta1", "1.5"},
            {"2", "--threads must be >= 0", "--threads", "-2"}, {"2", "--shift has no effect with --random-channels", "--shift", "--random-channels"}, {"3", "unknown backend 'cuda'", "--backend", "cuda"},
        };
        int i = 0;
        for (String[] c : cases) {
            Path dir = tmp.resolve("refused" + i++);
            String[] args = {"search", "--fast-dev-run", "--no-progress", "--run-dir", dir.toString(), c[2], c[3]};
            refused(Integer.parseInt(c[0]), c[1], args);
            assertFalse(Files.exists(dir), "a refused run leaves no directory: " + String.join(" ", args));
        }
        Path t = tmp.resolve("train-refused");
        refused(2, "--limit-images must be >= 0", "train", "--fast-dev-run", "--run-dir", t.toString(), "--limit-images", "-1");
        refused(2, "--workers must be >= 0", "train", "--fast-dev-run", "--run-dir", t.toString(), "--workers", "-1");
        assertFalse(Files.exists(t));
    }

    @Test
    void methodDartsTakesTheDartsReferencesValues() throws IOException {
        Path run = tmp.resolve("darts");
        Cli c = Cli.run("search", "--method", "darts", "--epochs", "1", "--init-channels", "4", "--layers", "3", "--batch-size", "8",
                "--limit-images", "8", "--no-progress", "--run-dir", run.toString());
        assertEquals(0, c.code(), c.toString());
        Map<String, Object> m = dev.pcdarts.io.Json.parseObject(Files.readString(run.resolve("config.json")));
        assertEquals(0.025, ((Number) m.get("lr")).doubleValue());
        assertEquals(0.001, ((Number) m.get("lr_min")).doubleValue());
        assertEquals(3e-4, ((Number) m.get("arch_lr")).doubleValue());
        assertEquals(0L, m.get("begin_epoch"));
        assertEquals(1L, m.get("k"));
        assertEquals(false, m.get("edge_norm"));
    }

    @Test
    void aGenotypeFileWithoutAKeyAndAnUnknownNestedKeyAreNamedAndNestedYamlWorks() throws IOException {
        Path g = Files.writeString(tmp.resolve("g.json"), "{\"normal\": [[\"skip_connect\", 0], [\"skip_connect\", 1]], \"normal_concat\": [2],"
                + " \"reduce\": [[\"max_pool_3x3\", 0], [\"skip_connect\", 1]]}");
        refused(2, "lacks the list 'reduce_concat'", "train", "--fast-dev-run", "--genotype", g.toString(), "--run-dir", tmp.resolve("g").toString());
        Path typo = Files.writeString(tmp.resolve("typo.yaml"), "epochs: 1\ndata:\n  datset: cifar10\n");
        refused(2, "unknown config key 'data.datset'", "search", "--config", typo.toString(), "--run-dir", tmp.resolve("y").toString());
        assertFalse(Files.exists(tmp.resolve("y")));
        Path nested = Files.writeString(tmp.resolve("nested.yaml"), "search:\n  epochs: 1\n  init_channels: 4\n  layers: 3\n"
                + "data:\n  dataset: fashion-mnist-subset\n  batch-size: 8\n  limit-images: 8\n");
        Path run = tmp.resolve("nested-run");
        Cli c = Cli.run("search", "--config", nested.toString(), "--no-progress", "--run-dir", run.toString());
        assertEquals(0, c.code(), c.toString());
        Map<String, Object> m = dev.pcdarts.io.Json.parseObject(Files.readString(run.resolve("config.json")));
        assertEquals(4L, m.get("init_channels"));
        assertEquals(8L, ((Map<?, ?>) m.get("data")).get("limit_images"));
    }

    static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) m.put(dir.relativize(p).toString(), Files.readAllBytes(p));
        }
        return m;
    }

    static void assertSameFiles(Map<String, byte[]> a, Map<String, byte[]> b) {
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) assertArrayEquals(a.get(k), b.get(k), k);
    }

    @Test
    void aRunDirectoryThatHoldsSomethingIsRefusedUnlessForced() throws IOException {
        Path run = tmp.resolve("finished");
        String[] search = {"search", "--fast-dev-run", "--no-progress", "--run-dir", run.toString()};
        assertEquals(0, Cli.run(search).code());
        Map<String, byte[]> before = files(run);
        refused(2, "holds a finished run: continue it with --resume", search);
        refused(2, "holds a finished run", "train", "--fast-dev-run", "--no-progress", "--run-dir", run.toString());
        assertSameFiles(before, files(run));
        assertFalse(Files.exists(run.resolve(RunDirectory.LOCK)), "the lock goes with the run");

        Path mine = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(mine.resolve("notes.txt"), "my notes");
        refused(2, "is not empty", "search", "--fast-dev-run", "--run-dir", mine.toString());
        assertEquals(List.of("notes.txt"), Files.list(mine).map(p -> p.getFileName().toString()).toList());
        Cli forced = Cli.run("search", "--fast-dev-run", "--no-progress", "--force", "--run-dir", mine.toString());
        assertEquals(0, forced.code(), forced.toString());
        assertEquals("my notes", Files.readString(mine.resolve("notes.txt")));
        assertTrue(Files.exists(mine.resolve("report.html")));
        Cli replaced = Cli.run(with(search, "--force"));
        assertEquals(0, replaced.code(), replaced.toString());
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(q);
                else Files.copy(p, q);
            }
        }
        return to;
    }

    @Test
    void damagedOrForeignRunFilesAreDataErrors() throws IOException {
        Path search = tmp.resolve("s");
        Path train = tmp.resolve("t");
        assertEquals(0, Cli.run("search", "--fast-dev-run", "--no-progress", "--run-dir", search.toString()).code());
        assertEquals(0, Cli.run("train", "--fast-dev-run", "--no-progress", "--run-dir", train.toString()).code());
        byte[] ck = Files.readAllBytes(train.resolve("checkpoint.safetensors"));
        byte[] corruptHeader = ck.clone();
        for (int i = 8; i < 24; i++) corruptHeader[i] = '#';
        Map<String, byte[]> damages = Map.of("truncated", java.util.Arrays.copyOf(ck, ck.length / 2), "empty", new byte[0], "header", corruptHeader);
        for (var d : damages.entrySet()) {
            Path t = copy(train, tmp.resolve("t-" + d.getKey()));
            Files.write(t.resolve("checkpoint.safetensors"), d.getValue());
            refused(4, "checkpoint.safetensors", "test", "--run", t.toString());
            refused(4, "checkpoint.safetensors", "train", "--resume", t.toString(), "--no-progress");
            Path s = copy(search, tmp.resolve("s-" + d.getKey()));
            Files.write(s.resolve("checkpoint.safetensors"), d.getValue());
            refused(4, "checkpoint.safetensors", "search", "--resume", s.toString(), "--no-progress");
        }
        Path edited = copy(search, tmp.resolve("s-edited"));
        Files.writeString(edited.resolve("config.json"), Files.readString(edited.resolve("config.json")).replace("\"lr\":0.1,", "\"lr\":0.2,"));
        refused(4, "config.json was changed: lr differ", "search", "--resume", edited.toString(), "--no-progress");
        Path notJson = copy(search, tmp.resolve("s-notjson"));
        Files.writeString(notJson.resolve("config.json"), "{\"command\": \"search\", ");
        refused(4, "config.json: not valid JSON", "search", "--resume", notJson.toString(), "--no-progress");
        Path foreign = copy(search, tmp.resolve("s-foreign"));
        Files.write(foreign.resolve("checkpoint.safetensors"), ck);
        refused(4, "a train checkpoint, not a search checkpoint", "search", "--resume", foreign.toString(), "--no-progress");
        refused(2, "not a train run", "train", "--resume", search.toString(), "--no-progress");
        refused(2, "--k cannot be changed", "search", "--resume", search.toString(), "--k", "2");
        refused(2, "--lr, --epochs cannot be changed", "train", "--resume", train.toString(), "--lr", "0.3", "--epochs", "9");
    }

    @Test
    void aDivergingRunStopsWithItsOwnExitCodeAndSavesNothingCorrupt() throws IOException {
        Path run = tmp.resolve("diverged");
        Cli c = refused(6, "training diverged", "search", "--fast-dev-run", "--no-progress", "--lr", "1e30", "--run-dir", run.toString());
        assertTrue(c.err().contains("lower --lr"), c.toString());
        if (Files.exists(run.resolve("checkpoint.safetensors"))) {
            for (var t : Checkpoint.tensors(run.resolve("checkpoint.safetensors")).entrySet()) {
                for (float v : t.getValue().values()) assertTrue(Float.isFinite(v), "a saved tensor is finite: " + t.getKey());
            }
        }
        for (String line : Files.readAllLines(run.resolve("metrics.csv"))) assertFalse(line.contains("NaN"), line);
    }
}

package dev.pcdarts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pcdarts.datasets.DatasetInfo;
import dev.pcdarts.datasets.InMemoryImageSet;
import dev.pcdarts.datasets.arrow.ArrowDataset;
import dev.pcdarts.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands end to end, in-process, on the embedded data. */
class CommandsTest {
    @TempDir
    Path tmp;

    private static void ok(Cli c) {
        assertEquals(0, c.code(), c.toString());
    }

    @Test
    void fastDevRunSearchThenTrainThenTest() throws IOException {
        Path search = tmp.resolve("search");
        Cli s = Cli.run("search", "--fast-dev-run", "--run-dir", search.toString(), "--no-progress");
        ok(s);
        assertTrue(s.out().contains("Genotype(normal=[") && s.out().contains("report: "), s.toString());
        for (String f : List.of("config.json", "provenance.json", "log.txt", "metrics.csv", "metrics.arrow", "genotype.json", "genotype.txt",
                "genotypes/epoch_000.json", "genotypes/epoch_001.json", "arch/epoch_001.json", "checkpoint.safetensors",
                "cells/normal.svg", "cells/reduction.svg", "cells/normal.dot", "report.html")) {
            assertTrue(Files.isRegularFile(search.resolve(f)), "run directory lacks " + f);
        }
        String csv = Files.readString(search.resolve("metrics.csv"));
        assertTrue(csv.startsWith(RunRecorder.CSV_HEADER) && csv.contains("\nstep,0,0,") && csv.contains("\nepoch,1,"), csv);
        String report = Files.readString(search.resolve("report.html"));
        assertTrue(report.contains("<svg") && report.contains("reduction cell") && report.contains("data_fingerprint"));
        Map<String, Object> prov = Json.parseObject(Files.readString(search.resolve("provenance.json")));
        assertTrue(String.valueOf(prov.get("data_fingerprint")).startsWith("fashion-mnist-subset-train:10000:28x28x1"), prov.toString());

        Path train = tmp.resolve("train");
        Cli t = Cli.run("train", "--fast-dev-run", "--genotype", search.resolve("genotype.json").toString(), "--run-dir", train.toString(),
                "--no-progress", "--json");
        ok(t);
        assertTrue(Json.parseObject(t.out().trim()).containsKey("valid_top1"), t.toString());
        Cli test = Cli.run("test", "--run", train.toString(), "--json");
        ok(test);
        Map<String, Object> r = Json.parseObject(test.out().trim());
        assertEquals(16L, r.get("images"));
        assertEquals(10, ((List<?>) r.get("confusion")).size());
    }

    /** --cutout, --cutout-length and --crop-padding reach the search's and the training's loaders and config.json. */
    @Test
    void searchAndTrainTakeCutoutAndCropPadding() throws IOException {
        String plain = firstStepLine(Cli.run("search", "--fast-dev-run", "--epochs", "1", "--run-dir", tmp.resolve("s0").toString(), "--no-progress"), "s0");
        Cli aug = Cli.run("search", "--fast-dev-run", "--epochs", "1", "--cutout", "--cutout-length", "8", "--crop-padding", "2",
                "--run-dir", tmp.resolve("s1").toString(), "--no-progress");
        Map<?, ?> data = (Map<?, ?>) Json.parseObject(Files.readString(tmp.resolve("s1/config.json"))).get("data");
        assertEquals(List.of(true, 8L, 2L), List.of(data.get("cutout"), data.get("cutout_length"), data.get("crop_padding")), data.toString());
        assertFalse(plain.equals(firstStepLine(aug, "s1")), "the augmented search's first step is another: " + plain);
        Cli train = Cli.run("train", "--fast-dev-run", "--crop-padding", "0", "--run-dir", tmp.resolve("t").toString(), "--no-progress");
        ok(train);
        Map<?, ?> td = (Map<?, ?>) Json.parseObject(Files.readString(tmp.resolve("t/config.json"))).get("data");
        assertEquals(0L, td.get("crop_padding"));
        Cli bad = Cli.run("search", "--fast-dev-run", "--crop-padding", "-1", "--run-dir", tmp.resolve("s2").toString());
        assertEquals(ExitCodes.USAGE, bad.code(), bad.toString());
        assertTrue(bad.err().contains("--crop-padding must be >= 0"), bad.toString());
    }

    /** train --keep-best keeps the epoch of best validation top-1, which test --best evaluates to the same figure. */
    @Test
    void trainKeepsTheBestEpochForTestBest() throws IOException {
        Path run = tmp.resolve("t");
        ok(Cli.run("train", "--fast-dev-run", "--epochs", "3", "--keep-best", "--run-dir", run.toString(), "--no-progress"));
        double best = -1;
        long bestEpoch = -1;
        for (String l : Files.readAllLines(run.resolve("metrics.csv"))) {
            if (!l.startsWith("epoch,")) continue;
            String[] f = l.split(",");
            double v = Double.parseDouble(f[8]);
            if (v > best) {
                best = v;
                bestEpoch = Long.parseLong(f[1]);
            }
        }
        Map<String, Object> rec = Json.parseObject(Files.readString(run.resolve("best.json")));
        assertEquals(bestEpoch, ((Number) rec.get("epoch")).longValue(), rec.toString());
        Cli t = Cli.run("test", "--run", run.toString(), "--best", "--json");
        ok(t);
        assertEquals(((Number) rec.get("valid_top1")).doubleValue(), ((Number) Json.parseObject(t.out().trim()).get("top1")).doubleValue(), 1e-9);
        Cli ex = Cli.run("export", "--run", run.toString(), "--best", "--format", "torch", "--out", tmp.resolve("best.safetensors").toString());
        ok(ex);
        Cli exLast = Cli.run("export", "--run", run.toString(), "--format", "torch", "--out", tmp.resolve("last.safetensors").toString());
        ok(exLast);
        assertEquals(bestEpoch == 2, java.util.Arrays.equals(Files.readAllBytes(tmp.resolve("best.safetensors")), Files.readAllBytes(tmp.resolve("last.safetensors"))),
                "export --best is the last epoch's network exactly when the last epoch was the best");
        Cli none = Cli.run("test", "--run", tmp.resolve("t").toString(), "--best", "--checkpoint", "x.pt");
        assertEquals(ExitCodes.USAGE, none.code(), none.toString());
    }

    /** The loss and accuracy columns of a run's first step record. */
    private String firstStepLine(Cli c, String run) throws IOException {
        ok(c);
        String line = Files.readAllLines(tmp.resolve(run).resolve("metrics.csv")).stream().filter(l -> l.startsWith("step,0,0,")).findFirst().orElseThrow();
        String[] f = line.split(",");
        return f[3] + "," + f[4];
    }

    @Test
    void modelCountsThePublishedNetworks() {
        Cli c = Cli.run("model", "--genotype", "PC_DARTS_cifar", "--json");
        ok(c);
        assertTrue(c.out().contains("\"parameters\":3634678") && c.out().contains("\"macs\":556670592"), c.out());
        Cli d = Cli.run("model", "--genotype", "DARTS_V2");
        ok(d);
        assertTrue(d.out().contains("3.35M"), d.out());
    }

    @Test
    void genotypeDataAndBackendCommands() {
        Cli list = Cli.run("genotype", "list");
        ok(list);
        assertTrue(list.out().contains("PC_DARTS_image = Genotype("));
        Cli show = Cli.run("genotype", "show", "DARTS_V1", "--json");
        ok(show);
        assertTrue(show.out().startsWith("{\"normal\":[[\"sep_conv_3x3\",1]"), show.out());
        Cli draw = Cli.run("genotype", "draw", "PC_DARTS_cifar", "--out", tmp.resolve("d").toString());
        ok(draw);
        assertTrue(Files.isRegularFile(tmp.resolve("d/reduction.svg")));
        Cli info = Cli.run("data", "info", "--json");
        ok(info);
        assertTrue(info.out().contains("\"images\":10000") && info.out().contains("\"images\":2000"), info.out());
        Cli conv = Cli.run("data", "convert", "--out", tmp.resolve("conv").toString());
        ok(conv);
        Cli info2 = Cli.run("data", "info", "--data", tmp.resolve("conv").toString(), "--json");
        ok(info2);
        assertTrue(info2.out().contains("\"images\":10000"), info2.out());
        Cli be = Cli.run("backends");
        ok(be);
        assertTrue(be.out().contains("vector") && be.out().contains("available") && be.out().contains("TORNADOVM_HOME"), be.out());
    }

    @Test
    void everyCommandHasHelpWithExamplesAndExitCodes() {
        for (String[] cmd : List.of(new String[] {"search"}, new String[] {"train"}, new String[] {"test"}, new String[] {"model"},
                new String[] {"genotype"}, new String[] {"genotype", "list"}, new String[] {"genotype", "show"}, new String[] {"genotype", "draw"},
                new String[] {"data"}, new String[] {"data", "info"}, new String[] {"data", "convert"}, new String[] {"data", "download"},
                new String[] {"data", "subsample"}, new String[] {"backends"}, new String[] {"bench"}, new String[] {"export"},
                new String[] {"predict"})) {
            String[] args = java.util.Arrays.copyOf(cmd, cmd.length + 1);
            args[cmd.length] = "--help";
            Cli c = Cli.run(args);
            ok(c);
            assertTrue(c.out().contains("Example") && c.out().contains("Exit codes"), String.join(" ", cmd) + ":\n" + c.out());
        }
    }

    @Test
    void benchScalingPairsOneThreadWithAll() {
        Cli c = Cli.run("bench", "search", "--batch", "4", "--init-channels", "4", "--layers", "3", "--iters", "2", "--threads", "2",
                "--scaling", "--json", "--no-progress");
        ok(c);
        Map<String, Object> j = Json.parseObject(c.out().trim());
        assertEquals(2L, j.get("threads"));
        for (String k : List.of("one_thread_median_s", "speedup", "speedup_min", "speedup_max", "median_s")) {
            assertTrue(((Number) j.get(k)).doubleValue() > 0, k + " in " + j);
        }
        assertTrue(c.err().contains("(one thread: "), c.toString());
        long warmup = ((Number) j.get("warmup_steps")).longValue();
        assertTrue(warmup >= 5 && warmup <= 12, "four fixed warm-up steps, then one to eight while the JIT is busy: " + warmup);
        assertTrue(((Number) j.get("compile_ms_median")).longValue() >= 0, j.toString());
        assertTrue(c.err().contains(" ms compiling"), c.toString());
        fails(2, "--scaling compares one thread with all of them", "bench", "search", "--threads", "1", "--scaling");
        fails(2, "--scaling and --profile", "bench", "search", "--scaling", "--profile");
    }

    @Test
    void benchInferTimesTheForwardAloneAgainstThePeakOfTheSameRun() {
        Cli c = Cli.run("bench", "infer", "--batch", "3", "--init-channels", "4", "--layers", "3", "--iters", "1", "--threads", "1",
                "--json", "--no-progress");
        ok(c);
        Map<String, Object> j = Json.parseObject(c.out().trim());
        assertEquals("infer", j.get("what"));
        double median = ((Number) j.get("median_s")).doubleValue();
        double gflops = ((Number) j.get("gflops")).doubleValue();
        double macs = ((Number) j.get("macs_per_image_forward")).doubleValue();
        assertEquals(3 / median, ((Number) j.get("images_per_s")).doubleValue(), 1e-9 * 3 / median, j.toString());
        assertEquals(2 * macs * 3 / median / 1e9, gflops, 1e-9 * gflops, "a forward's flops, no backward: " + j);
        double peak = ((Number) j.get("fma_peak_gflops")).doubleValue();
        assertTrue(peak > gflops, j.toString());
        assertEquals(gflops / peak, ((Number) j.get("peak_fraction")).doubleValue(), 1e-12, j.toString());
        fails(2, "'infer' has no gradients to exchange", "bench", "infer", "--spark", "local[2]", "--replicas", "2");
        fails(2, "'search', 'train' or 'infer'", "bench", "predict");
    }

    @Test
    void threadsFromThePropertyUnlessTheFlagSaysOtherwise() {
        String before = System.getProperty("pcdarts.threads");
        System.setProperty("pcdarts.threads", "1");
        try {
            String[] bench = {"bench", "search", "--batch", "2", "--init-channels", "4", "--layers", "3", "--iters", "1", "--json", "--no-progress"};
            Cli c = Cli.run(bench);
            ok(c);
            assertEquals(1L, Json.parseObject(c.out().trim()).get("threads"), "pcdarts.threads=1");
            String[] flagged = java.util.Arrays.copyOf(bench, bench.length + 2);
            flagged[bench.length] = "--threads";
            flagged[bench.length + 1] = "2";
            c = Cli.run(flagged);
            ok(c);
            assertEquals(2L, Json.parseObject(c.out().trim()).get("threads"), "--threads 2 over pcdarts.threads=1");
        } finally {
            if (before == null) System.clearProperty("pcdarts.threads");
            else System.setProperty("pcdarts.threads", before);
        }
    }

    @Test
    void configFileValuesAndFlagsThatOverrideThem() throws IOException {
        Path cfg = Files.writeString(tmp.resolve("c.yaml"), "# a search\nepochs: 1\ninit_channels: 4\nlayers: 3\nbatch-size: 8\nlimit-images: 8\nlr: 0.05\n");
        Path run = tmp.resolve("cfgrun");
        Cli c = Cli.run("search", "--config", cfg.toString(), "--lr", "0.02", "--run-dir", run.toString(), "--no-progress");
        ok(c);
        Map<String, Object> m = Json.parseObject(Files.readString(run.resolve("config.json")));
        assertEquals(1L, m.get("epochs"));
        assertEquals(4L, m.get("init_channels"));
        assertEquals(0.02, ((Number) m.get("lr")).doubleValue(), 1e-12);
    }

    private static void fails(int code, String mention, String... args) {
        Cli c = Cli.run(args);
        assertEquals(code, c.code(), c.toString());
        assertTrue(c.err().contains(mention), "stderr should mention '" + mention + "':\n" + c);
        assertFalse(c.err().contains("\tat "), "no stack trace:\n" + c);
        assertTrue(c.err().strip().lines().count() <= 2, "one clear line:\n" + c);
    }

    @Test
    void badInputGivesOneLineAndTheDocumentedExitCode() throws IOException {
        fails(2, "unknown dataset 'imagenet-99'", "search", "--dataset", "imagenet-99", "--run-dir", tmp.resolve("a").toString());
        fails(4, "no such file or folder", "search", "--data", tmp.resolve("nowhere").toString(), "--run-dir", tmp.resolve("b").toString());
        fails(2, "unknown op 'sep_conv_9x9'", "train", "--genotype",
                "Genotype(normal=[('sep_conv_9x9', 0), ('skip_connect', 1)], normal_concat=[2], reduce=[('max_pool_3x3', 0), ('skip_connect', 1)], reduce_concat=[2])",
                "--fast-dev-run", "--run-dir", tmp.resolve("c").toString());
        fails(2, "unknown genotype", "model", "--genotype", "NoSuchNet");
        Path cfg = Files.writeString(tmp.resolve("bad.properties"), "epochs=2\nlearning_rate_typo=0.3\n");
        fails(2, "unknown config key 'learning-rate-typo'", "search", "--config", cfg.toString());
        fails(3, "unknown backend 'cuda'", "search", "--backend", "cuda", "--fast-dev-run", "--run-dir", tmp.resolve("d").toString());
        fails(2, "epochs must be at least 1", "search", "--epochs", "-3", "--run-dir", tmp.resolve("e").toString());
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        fails(5, "cannot write the run directory", "search", "--fast-dev-run", "--run-dir", file.resolve("sub").toString());
        fails(2, "Unknown option", "search", "--no-such-flag");
        fails(2, "is not a run directory", "search", "--resume", tmp.toString());
    }

    @Test
    void aCorruptArrowFileIsExitCodeFourInOneLine() throws IOException {
        int n = 12, bytes = 8 * 8 * 3;
        byte[] px = new byte[n * bytes];
        new Random(3).nextBytes(px); // incompressible, so each image is stored verbatim and can be found
        DatasetInfo info = new DatasetInfo("syn", 8, 8, 3, List.of("a", "b", "c"), new float[] {0, 0, 0}, new float[] {1, 1, 1});
        Path f = tmp.resolve("syn-train.arrow");
        ArrowDataset.write(new InMemoryImageSet(info, px, new int[n], "syn"), f, 5);
        byte[] file = Files.readAllBytes(f);
        byte[] seventh = java.util.Arrays.copyOfRange(px, 6 * bytes, 7 * bytes);
        int at = -1;
        for (int i = 0; i + bytes <= file.length && at < 0; i++) {
            if (java.util.Arrays.equals(file, i, i + bytes, seventh, 0, bytes)) at = i;
        }
        assertTrue(at > 0, "the seventh image is in the file as written");
        file[at + 7] ^= 0x40;
        Files.write(f, file);
        fails(4, f + ": chunk 2 of 3 is corrupt (checksum mismatch): re-create it with 'pcdarts data convert'", "data", "info", "--data", f.toString());
        Cli c = Cli.run("data", "info", "--data", f.toString());
        assertEquals(1, c.err().strip().lines().count(), c.toString());
        assertFalse(c.err().contains("Exception"), c.toString());
    }
}

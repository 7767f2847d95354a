package dev.pcdarts.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pcdarts.engine.io.Safetensors;
import dev.pcdarts.io.Json;
import dev.pcdarts.nas.eval.StateDict;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * export (safetensors, torch.save, ONNX), --init-from, test --checkpoint and predict on one quick
 * train run and the reference's fixtures, and each bad input's one line and exit code.
 */
class InterchangeCommandsTest {
    private static final Path FIXTURES = Path.of(System.getProperty("golden.cases.dir", "../golden"), "interchange");

    @TempDir static Path tmp;
    static Path run;
    static Path exported;

    @BeforeAll
    static void trainAndExport() {
        run = tmp.resolve("run");
        ok(Cli.run("train", "--fast-dev-run", "--run-dir", run.toString(), "--no-progress"));
        exported = tmp.resolve("net.safetensors");
        ok(Cli.run("export", "--run", run.toString(), "--format", "torch", "--out", exported.toString()));
    }

    private static void ok(Cli c) {
        assertEquals(0, c.code(), c.toString());
    }

    private static void usageError(Cli c, String... parts) {
        assertEquals(ExitCodes.USAGE, c.code(), c.toString());
        String line = c.err().strip();
        assertEquals(1, line.lines().count(), line);
        for (String p : parts) assertTrue(line.contains(p), line);
    }

    private static void dataError(Cli c, String... parts) {
        assertEquals(ExitCodes.DATA, c.code(), c.toString());
        String line = c.err().strip();
        assertEquals(1, line.lines().count(), line);
        for (String p : parts) assertTrue(line.contains(p), line);
    }

    @Test
    void exportIsAStateDictWithBatchCounters() throws IOException {
        Map<String, Safetensors.Entry> t = StateDict.read(exported);
        assertTrue(t.keySet().stream().noneMatch(k -> k.startsWith("model.") || k.startsWith("optim.")), t.keySet().toString());
        Safetensors.Entry n = t.get("stem.1.num_batches_tracked");
        assertEquals("I64", n.dtype());
        assertArrayEquals(new long[] {2}, n.longs(), "16 images in batches of 8: two training steps");
        long bns = t.keySet().stream().filter(k -> k.endsWith(".running_var")).count();
        assertEquals(bns, t.keySet().stream().filter(k -> k.endsWith(".num_batches_tracked")).count());
    }

    @Test
    void torchSaveExportHoldsTheSameTensors() throws IOException {
        Path pt = tmp.resolve("net.pt");
        ok(Cli.run("export", "--run", run.toString(), "--format", "torch", "--out", pt.toString()));
        Map<String, Safetensors.Entry> a = StateDict.read(exported);
        Map<String, Safetensors.Entry> b = StateDict.read(pt);
        assertEquals(List.copyOf(a.keySet()), List.copyOf(b.keySet()));
        for (var e : a.entrySet()) {
            assertEquals(e.getValue().dtype(), b.get(e.getKey()).dtype(), e.getKey());
            assertArrayEquals(e.getValue().shape(), b.get(e.getKey()).shape(), e.getKey());
            assertArrayEquals(e.getValue().values(), b.get(e.getKey()).values(), e.getKey());
        }
        try (var z = new java.util.zip.ZipFile(pt.toFile())) {
            assertTrue(z.getEntry("net/data.pkl") != null && z.getEntry("net/version") != null, "torch.save's layout");
        }
        Cli test = Cli.run("test", "--checkpoint", pt.toString(), "--init-channels", "4", "--layers", "3", "--batch-size", "8", "--json");
        ok(test);
        Cli bad = Cli.run("export", "--run", run.toString(), "--out", tmp.resolve("x.bin").toString());
        usageError(bad, "--out must end with .safetensors, .pt or .pth, got x.bin");
    }

    @Test
    void onnxExportGivesTheRunsLogitsInOnnxRuntime() throws Exception {
        Path model = tmp.resolve("m.onnx");
        Cli c = Cli.run("export", "--run", run.toString(), "--format", "onnx", "--out", model.toString(), "--json");
        ok(c);
        assertEquals("onnx", Json.parseObject(c.out().strip()).get("format"));
        Map<String, Object> cfgMap = Json.parseObject(Files.readString(run.resolve("config.json")));
        var cfg = dev.pcdarts.nas.config.EvalConfig.fromJson(Json.write(cfgMap));
        var net = new dev.pcdarts.nas.train.EvalTrainer(dev.pcdarts.nas.compute.Compute.open("vector", 1), cfg, List.of()).network();
        StateDict.load(net, exported);
        int n = 2, ch = cfg.inChannels(), hw = 32, image = ch * hw * hw;
        float[] x = new float[n * image];
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        float[] ours = new float[n * cfg.classes()];
        for (int i = 0; i < n; i++) {
            float[] one = net.logits(java.util.Arrays.copyOfRange(x, i * image, (i + 1) * image), ch, hw, hw);
            System.arraycopy(one, 0, ours, i * cfg.classes(), cfg.classes());
        }
        var env = ai.onnxruntime.OrtEnvironment.getEnvironment();
        try (var opts = new ai.onnxruntime.OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(1);
            try (var s = env.createSession(model.toString(), opts);
                 var in = ai.onnxruntime.OnnxTensor.createTensor(env, java.nio.FloatBuffer.wrap(x), new long[] {n, ch, hw, hw});
                 var out = s.run(Map.of("images", in))) {
                float[][] theirs = (float[][]) out.get(0).getValue();
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < cfg.classes(); j++) {
                        double want = ours[i * cfg.classes() + j];
                        // the interchange tolerance: the reference's logits against ours
                        assertTrue(Math.abs(theirs[i][j] - want) <= 1e-4 + 1e-3 * Math.abs(want), i + "," + j + ": " + theirs[i][j] + " vs " + want);
                    }
                }
            }
        }
        usageError(Cli.run("export", "--run", run.toString(), "--format", "onnx", "--out", tmp.resolve("m.pt").toString()),
                "--out must end with .onnx for --format onnx, got m.pt");
        usageError(Cli.run("export", "--run", run.toString(), "--format", "tflite", "--out", model.toString()), "--format must be torch or onnx");
    }

    @Test
    void exportOfASearchRunIsRefusedInOneLine() {
        Path search = tmp.resolve("search");
        ok(Cli.run("search", "--fast-dev-run", "--no-progress", "--run-dir", search.toString()));
        for (String f : new String[] {"onnx", "torch"}) {
            Path out = tmp.resolve("s." + (f.equals("onnx") ? "onnx" : "pt"));
            usageError(Cli.run("export", "--run", search.toString(), "--format", f, "--out", out.toString()),
                    search + " is a search run, which has no trained network to export: train its genotype first");
            assertFalse(Files.exists(out));
        }
    }

    @Test
    void testOnTheExportGivesTheRunsFigures() {
        Cli a = Cli.run("test", "--run", run.toString(), "--all", "--json"); // --checkpoint tests the whole split
        Cli b = Cli.run("test", "--checkpoint", exported.toString(), "--init-channels", "4", "--layers", "3",
                "--batch-size", "8", "--json"); // the run's batches: the same summation order
        ok(a);
        ok(b);
        Map<String, Object> ja = Json.parseObject(a.out().strip());
        Map<String, Object> jb = Json.parseObject(b.out().strip());
        assertEquals(ja.get("top1"), jb.get("top1"));
        assertEquals(ja.get("loss"), jb.get("loss"));
        assertEquals(ja.get("confusion"), jb.get("confusion"));
    }

    @Test
    void initFromAStateDictAndRefusalsOfOnesThatDoNotFit() throws IOException {
        ok(Cli.run("train", "--fast-dev-run", "--run-dir", tmp.resolve("init").toString(), "--no-progress", "--init-from", exported.toString()));
        Path pt = FIXTURES.resolve("network_cifar.pt");
        Path refused = tmp.resolve("refused");
        dataError(Cli.run("train", "--fast-dev-run", "--run-dir", refused.toString(), "--no-progress", "--init-from", pt.toString()),
                pt.toString(), "stem.0.weight has shape [12, 3, 3, 3]");
        assertFalse(Files.exists(refused), "a refused run leaves no directory");
        dataError(Cli.run("test", "--checkpoint", exported.toString(), "--init-channels", "4", "--layers", "4"), exported.toString(), "key cells.");
        dataError(Cli.run("train", "--fast-dev-run", "--layers", "4", "--run-dir", refused.toString(), "--no-progress", "--init-from",
                exported.toString()), exported.toString(), "does not fit this network", "key cells.");
        assertFalse(Files.exists(refused), "a refused run leaves no directory");
        Path ownPt = tmp.resolve("own.pt");
        ok(Cli.run("export", "--run", run.toString(), "--out", ownPt.toString()));
        byte[] own = Files.readAllBytes(ownPt);
        Path ownCut = tmp.resolve("own-cut.pt");
        Files.write(ownCut, java.util.Arrays.copyOf(own, own.length - 40));
        dataError(Cli.run("test", "--checkpoint", ownCut.toString(), "--init-channels", "4", "--layers", "3"), ownCut.toString(), "truncated");
        Path cut = tmp.resolve("cut.pt");
        byte[] all = Files.readAllBytes(pt);
        Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
        dataError(Cli.run("test", "--checkpoint", cut.toString()), cut.toString(), "truncated");
    }

    @Test
    void predictPrintsTopClassesAndRefusesWhatIsNotAnImage() throws IOException {
        Path img = tmp.resolve("shirt.png");
        BufferedImage b = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 30; y++) for (int x = 0; x < 40; x++) b.setRGB(x, y, (x * 6) << 16 | (y * 8) << 8 | 128);
        ImageIO.write(b, "png", img.toFile());
        Cli p = Cli.run("predict", "--run", run.toString(), "--top", "3", "--json", img.toString());
        ok(p);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> preds = (List<Map<String, Object>>) Json.parseObject(p.out().strip()).get("predictions");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> top = (List<Map<String, Object>>) preds.getFirst().get("top");
        assertEquals(3, top.size());
        double p0 = ((Number) top.get(0).get("probability")).doubleValue(), p1 = ((Number) top.get(1).get("probability")).doubleValue();
        assertTrue(p0 >= p1 && p0 <= 1, top.toString());
        assertTrue(top.get(0).get("name") instanceof String);
        Path bad = tmp.resolve("bad.png");
        Files.writeString(bad, "not an image");
        dataError(Cli.run("predict", "--run", run.toString(), bad.toString()), bad.toString());
    }
}

package dev.pcdarts.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pcdarts.engine.io.Json;
import dev.pcdarts.engine.io.Safetensors;
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

/** export, --init-from, test --checkpoint and predict on one quick train run and the reference's fixtures. */
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

    private static void dataError(Cli c, String... parts) {
        assertEquals(ExitCodes.DATA, c.code(), c.toString());
        String line = c.err().strip();
        assertEquals(1, line.lines().count(), line);
        for (String p : parts) assertTrue(line.contains(p), line);
    }

    @Test
    void exportIsAStateDictWithBatchCounters() throws IOException {
        Map<String, Safetensors.Entry> t = Safetensors.read(exported).tensors();
        assertTrue(t.keySet().stream().noneMatch(k -> k.startsWith("model.") || k.startsWith("optim.")), t.keySet().toString());
        Safetensors.Entry n = t.get("stem.1.num_batches_tracked");
        assertEquals("I64", n.dtype());
        assertArrayEquals(new long[] {2}, n.longs(), "16 images in batches of 8: two training steps");
        long bns = t.keySet().stream().filter(k -> k.endsWith(".running_var")).count();
        assertEquals(bns, t.keySet().stream().filter(k -> k.endsWith(".num_batches_tracked")).count());
        Cli pt = Cli.run("export", "--run", run.toString(), "--out", tmp.resolve("x.pt").toString());
        assertEquals(ExitCodes.USAGE, pt.code(), pt.toString());
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

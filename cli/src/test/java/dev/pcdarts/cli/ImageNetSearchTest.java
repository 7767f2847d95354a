package dev.pcdarts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pcdarts.engine.io.Safetensors;
import dev.pcdarts.io.Json;
import dev.pcdarts.nas.loop.Checkpoint;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code search --imagenet} end to end on small synthetic image class folders, from the lists of
 * {@code data subsample} and from train/ and val/ folders.
 */
class ImageNetSearchTest {
    @TempDir
    Path tmp;

    /** Three classes of {@code perClass} random-noise PNGs, each class tinted so that it can be learnt. */
    private static void imageFolders(Path root, int perClass, long seed) throws IOException {
        Random r = new Random(seed);
        for (int c = 0; c < 3; c++) {
            Path d = Files.createDirectories(root.resolve("n0" + c));
            for (int i = 0; i < perClass; i++) {
                BufferedImage b = new BufferedImage(48 + r.nextInt(24), 48 + r.nextInt(24), BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < b.getHeight(); y++) {
                    for (int x = 0; x < b.getWidth(); x++) b.setRGB(x, y, (r.nextInt(128) + (c == 0 ? 127 : 0)) << 16 | (r.nextInt(128) + (c == 1 ? 127 : 0)) << 8 | r.nextInt(256));
                }
                ImageIO.write(b, "png", d.resolve("img" + i + ".png").toFile());
            }
        }
    }

    private static String[] search(Path data, Path run, String... more) {
        List<String> a = new java.util.ArrayList<>(List.of("search", "--imagenet", "--data", data.toString(), "--epochs", "2", "--begin", "1",
                "--batch-size", "4", "--init-channels", "4", "--layers", "3", "--workers", "0", "--no-progress", "--json", "--run-dir", run.toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void searchesOnTheSubsampleListsWithTheImageNetSettings() throws IOException {
        Path images = tmp.resolve("imagenet/train");
        imageFolders(images, 8, 1);
        Cli sub = Cli.run("data", "subsample", "--data", images.toString(), "--out", tmp.resolve("lists").toString(),
                "--train-fraction", "0.5", "--val-fraction", "0.25");
        assertEquals(0, sub.code(), sub.toString());
        Path run = tmp.resolve("run");
        Cli s = Cli.run(search(tmp.resolve("lists"), run));
        assertEquals(0, s.code(), s.toString());
        Map<String, Object> out = Json.parseObject(s.out().trim());
        assertTrue(String.valueOf(out.get("genotype")).startsWith("Genotype(normal=["), s.toString());
        Map<String, Object> cfg = Json.parseObject(Files.readString(run.resolve("config.json")));
        assertEquals(Boolean.TRUE, cfg.get("imagenet"));
        assertEquals(2L, ((Number) cfg.get("k")).longValue());
        assertEquals(0.5, ((Number) cfg.get("lr")).doubleValue());
        assertEquals(6e-3, ((Number) cfg.get("arch_lr")).doubleValue());
        assertEquals(5.0, ((Number) cfg.get("arch_grad_clip")).doubleValue());
        assertEquals(0L, ((Number) cfg.get("warmup_epochs")).longValue(), "no warm-up at batch 4");
        assertEquals(3L, ((Number) cfg.get("classes")).longValue());
        // The ImageNet stem: two stride-2 convolutions before the cells, C*3/2 channels in between.
        Map<String, Safetensors.Entry> ck = Checkpoint.tensors(run.resolve("checkpoint.safetensors"));
        assertTrue(ck.containsKey("model.stem0.0.weight") && ck.containsKey("model.stem1.1.weight"), ck.keySet().toString());
        assertEquals(List.of(6, 3, 3, 3), java.util.Arrays.stream(ck.get("model.stem0.0.weight").shape()).boxed().toList());
        assertFalse(ck.containsKey("model.stem.0.weight"));
        // 4 of 8 images per class train the weights, 2 the architecture (a quarter of each class): 12 and 6 images, 3 steps per epoch.
        long steps = Files.readAllLines(run.resolve("metrics.csv")).stream().filter(l -> l.startsWith("step,1,")).count();
        assertEquals(3, steps);
    }

    @Test
    void searchesOnTrainAndValFoldersAndWarmsUpBeyondBatch256() throws IOException {
        imageFolders(tmp.resolve("imagenet/train"), 3, 2);
        imageFolders(tmp.resolve("imagenet/val"), 2, 3);
        Path run = tmp.resolve("run");
        Cli s = Cli.run(search(tmp.resolve("imagenet"), run, "--batch-size", "300", "--limit-images", "4"));
        assertEquals(0, s.code(), s.toString());
        Map<String, Object> cfg = Json.parseObject(Files.readString(run.resolve("config.json")));
        assertEquals(2L, ((Number) cfg.get("warmup_epochs")).longValue(), "train_search_imagenet.py's 5 warm-up epochs, cut to the 2 epochs");
    }

    @Test
    void refusesWhatTheImageNetSearchCannotTake() throws IOException {
        Cli noData = Cli.run("search", "--imagenet", "--no-progress", "--run-dir", tmp.resolve("a").toString());
        assertEquals(ExitCodes.USAGE, noData.code(), noData.toString());
        assertTrue(noData.err().contains("--imagenet needs --data DIR"), noData.toString());
        imageFolders(tmp.resolve("imagenet/train"), 2, 4);
        imageFolders(tmp.resolve("imagenet/val"), 1, 5);
        Cli cutout = Cli.run(search(tmp.resolve("imagenet"), tmp.resolve("b"), "--cutout"));
        assertEquals(ExitCodes.USAGE, cutout.code(), cutout.toString());
        assertTrue(cutout.err().contains("--cutout and --crop-padding are the CIFAR augmentation's"), cutout.toString());
        assertFalse(Files.exists(tmp.resolve("b")), "a refused run leaves no directory behind");
        Cli grey = Cli.run("search", "--imagenet", "--no-progress", "--run-dir", tmp.resolve("c").toString(), "--dataset", "fashion-mnist-subset");
        assertEquals(ExitCodes.USAGE, grey.code(), grey.toString());
    }

}

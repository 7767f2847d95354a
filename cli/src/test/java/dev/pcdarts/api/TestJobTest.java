package dev.pcdarts.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pcdarts.datasets.DataException;
import dev.pcdarts.datasets.catalog.DataSpec;
import dev.pcdarts.nas.config.EvalConfig;
import dev.pcdarts.nas.genotype.Genotypes;
import dev.pcdarts.nas.loop.Evaluation;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A test of a network opens its test split alone: data without usable training images still tests. */
class TestJobTest {
    @TempDir
    Path tmp;

    @Test
    void aTestNeedsOnlyTheTestSplit() throws IOException {
        for (int c = 0; c < 2; c++) {
            Path d = Files.createDirectories(tmp.resolve("images/k" + c));
            for (int i = 0; i < 3; i++) {
                BufferedImage b = new BufferedImage(36, 36, BufferedImage.TYPE_INT_RGB);
                b.setRGB(i, c, 0xffffff);
                ImageIO.write(b, "png", d.resolve(i + ".png").toFile());
            }
        }
        Path lists = Files.createDirectories(tmp.resolve("lists"));
        String header = "# root " + tmp.resolve("images").toAbsolutePath() + "\n# class k0\n# class k1\n";
        Files.writeString(lists.resolve("val.txt"), header + "k0/0.png 0\nk1/1.png 1\nk1/2.png 1\n");
        Files.writeString(lists.resolve("train.txt"), header + "k0/gone.png 0\n"); // the training images were moved away
        DataSpec data = DataSpec.at(lists);
        EvalConfig cfg = EvalConfig.quick(Genotypes.resolve("PC_DARTS_cifar").toJson(), 2, 3);
        Loading loading = Loading.quick().withBatchSize(2).withWorkers(0);
        try (TrainJob job = TrainJob.forTest(cfg, data, loading, PcDarts.defaultBackend())) {
            Evaluation.Result r = job.test();
            assertEquals(3, r.images());
            assertEquals(2, r.confusion().length);
        }
        DataException e = assertThrows(DataException.class,
                () -> new TrainJob(cfg, data, loading, Augmentation.reference(), PcDarts.defaultBackend(), false, java.util.List.of()));
        assertTrue(e.getMessage().contains("train.txt") && e.getMessage().contains("gone.png"), e.getMessage());
    }
}

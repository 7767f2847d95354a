package dev.pcdarts.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pcdarts.datasets.catalog.DataSpec;
import dev.pcdarts.nas.config.EvalConfig;
import dev.pcdarts.nas.config.SearchConfig;
import dev.pcdarts.nas.loop.TrainListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's Java example, as an embedding user runs it: nothing but the API. */
class ReadmeExampleTest {
    private static void example(PrintStream out) throws Exception {
        // README example begins
        DataSpec data = DataSpec.embedded();                       // or DataSpec.at(Path.of("cifar-10-binary.tar.gz"))
        SearchConfig search = SearchConfig.quick(10, 1).withEpochs(2);   // Fashion-MNIST: 10 classes, 1 channel
        Loading loading = Loading.quick().withLimitImages(128);
        SearchResult found = PcDarts.search(search, data, loading, new TrainListener() {
            @Override
            public void onEpoch(EpochStats e) {
                out.printf("epoch %d: train loss %.3f%n", e.epoch(), e.trainLoss());
            }
        });
        out.println(found.genotype());                             // Genotype(normal=[...], ...), as the reference prints it
        EvalConfig train = EvalConfig.quick(found.genotype().toJson(), 10, 1);
        TrainResult trained = PcDarts.train(train, data, loading);
        out.printf("valid top-1 %.2f%%%n", trained.last().validTop1());
        // README example ends
    }

    @Test
    void theExampleRunsAndIsTheOneInTheReadme() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        example(new PrintStream(bytes, true));
        List<String> printed = bytes.toString().lines().toList();
        assertEquals(4, printed.size(), bytes.toString());
        assertTrue(printed.get(2).startsWith("Genotype(normal=["), printed.get(2));
        assertTrue(printed.get(3).matches("valid top-1 \\d+\\.\\d\\d%"), printed.get(3));

        String source = Files.readString(Path.of("src/test/java/dev/pcdarts/api/ReadmeExampleTest.java"));
        String code = source.substring(source.indexOf("// README example begins\n") + 25, source.indexOf("        // README example ends"));
        String readme = Files.readString(Path.of("../README.md"));
        String block = code.lines().map(l -> l.length() >= 8 ? l.substring(8) : l.strip()).reduce((a, b) -> a + "\n" + b).orElseThrow();
        assertTrue(readme.contains(block), "README.md shows the example as it runs here:\n" + block);
    }
}

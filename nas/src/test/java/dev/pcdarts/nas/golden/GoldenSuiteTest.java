package dev.pcdarts.nas.golden;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.vector.VectorBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every golden case (golden/ in this repository, and -Dgolden.dir=PATH), on the vector kernels
 * and on their scalar twins. A case the suite cannot run fails; nothing is skipped.
 */
class GoldenSuiteTest {
    private static final Backend VECTOR = new VectorBackend(2, true);
    private static final Backend SCALAR = new VectorBackend(2, false);

    /**
     * The cases under golden/ of this repository (golden.cases.dir: the reference's own cases and
     * the sweeps generated with its code), then those of -Dgolden.dir=PATH; folders are read
     * recursively, in sorted order.
     */
    static List<Path> caseFiles() throws IOException {
        List<Path> dirs = new ArrayList<>();
        dirs.add(Path.of(System.getProperty("golden.cases.dir", "../golden")));
        String extra = System.getProperty("golden.dir", "");
        if (!extra.isBlank()) dirs.add(Path.of(extra));
        List<Path> files = new ArrayList<>();
        for (Path d : dirs) {
            assertTrue(Files.isDirectory(d), "golden case folder not found: " + d.toAbsolutePath());
            try (Stream<Path> s = Files.walk(d)) {
                s.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
            }
        }
        assertFalse(files.isEmpty(), "no golden cases found in " + dirs);
        return files;
    }

    /** A case's test name: its folder and file name without ".json" (reference/op__relu_conv_bn_1x1_affine0). */
    static String caseName(Path file) {
        Path parent = file.getParent();
        return (parent == null ? "" : parent.getFileName() + "/") + file.getFileName().toString().replace(".json", "");
    }

    @TestFactory
    Stream<DynamicTest> goldenCases() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path f : caseFiles()) {
            String name = caseName(f);
            boolean heavy = f.getFileName().toString().startsWith("facts");
            tests.add(DynamicTest.dynamicTest(name + " [vector]", () -> GoldenRunner.run(GoldenCase.load(f), VECTOR)));
            // The facts case only counts; its arithmetic is not compared, so one backend is enough.
            if (!heavy) tests.add(DynamicTest.dynamicTest(name + " [scalar]", () -> GoldenRunner.run(GoldenCase.load(f), SCALAR)));
        }
        return tests.stream();
    }
}

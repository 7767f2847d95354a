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
 * Every case of ../shared/golden/cases (and of -Dgolden.dir=PATH), on the vector kernels and on
 * their scalar twins. A case the suite cannot run fails; nothing is skipped.
 */
class GoldenSuiteTest {
    private static final Backend VECTOR = new VectorBackend(2, true);
    private static final Backend SCALAR = new VectorBackend(2, false);

    static List<Path> caseFiles() throws IOException {
        List<Path> dirs = new ArrayList<>();
        String shared = System.getProperty("golden.shared.dir", "../../shared/golden/cases");
        dirs.add(Path.of(shared));
        String extra = System.getProperty("golden.dir", "");
        if (!extra.isBlank()) dirs.add(Path.of(extra));
        List<Path> files = new ArrayList<>();
        for (Path d : dirs) {
            assertTrue(Files.isDirectory(d), "golden case folder not found: " + d.toAbsolutePath());
            try (Stream<Path> s = Files.list(d)) {
                s.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
            }
        }
        assertFalse(files.isEmpty(), "no golden cases found in " + dirs);
        return files;
    }

    @TestFactory
    Stream<DynamicTest> goldenCases() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path f : caseFiles()) {
            String name = f.getFileName().toString().replace(".json", "");
            boolean heavy = name.startsWith("facts");
            tests.add(DynamicTest.dynamicTest(name + " [vector]", () -> GoldenRunner.run(GoldenCase.load(f), VECTOR)));
            // The facts case only counts; its arithmetic is not compared, so one backend is enough.
            if (!heavy) tests.add(DynamicTest.dynamicTest(name + " [scalar]", () -> GoldenRunner.run(GoldenCase.load(f), SCALAR)));
        }
        return tests.stream();
    }
}

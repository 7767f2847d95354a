package dev.pcdarts.nas.golden;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.backend.BackendOptions;
import dev.pcdarts.engine.backend.Backends;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every golden case (golden/ of this repository and -Dgolden.dir) on the TornadoVM backend, chosen
 * by name through the provider as users choose it. Surefire runs this module with
 * {@code -Dtornado.recover.bailout=False}: a kernel TornadoVM cannot compile fails the case
 * instead of quietly running as Java.
 */
class TornadoGoldenSuiteTest {
    private static Backend tornado;

    private static synchronized Backend tornado() {
        if (tornado == null) {
            assertTrue("False".equalsIgnoreCase(System.getProperty("tornado.recover.bailout")),
                    "run with -Dtornado.recover.bailout=False so no kernel falls back to Java");
            tornado = Backends.select("tornado", new BackendOptions(1, -1));
        }
        return tornado;
    }

    @TestFactory
    Stream<DynamicTest> goldenCasesOnTornado() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path f : GoldenSuiteTest.caseFiles()) {
            String name = GoldenSuiteTest.caseName(f);
            tests.add(DynamicTest.dynamicTest(name + " [tornado]", () -> GoldenRunner.run(GoldenCase.load(f), tornado())));
        }
        return tests.stream();
    }
}

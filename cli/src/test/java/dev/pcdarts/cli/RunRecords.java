package dev.pcdarts.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pcdarts.nas.loop.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;

/** A run directory's records, with the timing columns left out, for comparing a resumed run with an uninterrupted one. */
final class RunRecords {
    private RunRecords() {}

    static List<String> csvWithoutSeconds(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.csv")).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }

    static List<String> arrowWithoutSeconds(Path run) throws IOException {
        List<String> rows = new ArrayList<>();
        try (RootAllocator alloc = new RootAllocator();
             var ch = Files.newByteChannel(run.resolve("metrics.arrow"));
             ArrowFileReader r = new ArrowFileReader(ch, alloc)) {
            while (r.loadNextBatch()) {
                VectorSchemaRoot root = r.getVectorSchemaRoot();
                for (int i = 0; i < root.getRowCount(); i++) {
                    StringBuilder b = new StringBuilder();
                    for (FieldVector v : root.getFieldVectors()) if (!v.getName().equals("seconds")) b.append(v.getObject(i)).append('|');
                    rows.add(b.toString());
                }
            }
        }
        return rows;
    }

    /** report.html without what differs between two runs by nature: times, start, command line, folder name. */
    static String report(Path run) throws IOException {
        return Files.readString(run.resolve("report.html")).replace(run.getFileName().toString(), "RUN")
                .replaceAll("<td>[0-9.]+</td></tr>\n(?=(<tr><td>|</table>\n<h2>Provenance))", "</tr>\n")
                .replaceAll("<tr><th>(started|command)</th><td>[^\n]*</td></tr>\n", "");
    }

    static Map<String, byte[]> perEpochFiles(Path run) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        for (String sub : List.of("genotypes", "arch")) {
            Path d = run.resolve(sub);
            if (!Files.isDirectory(d)) continue;
            try (Stream<Path> s = Files.list(d)) {
                for (Path p : s.toList()) m.put(sub + "/" + p.getFileName(), Files.readAllBytes(p));
            }
        }
        return m;
    }

    /** Every file of {@code resumed} equals {@code whole}'s, timing aside; no temp or lock file is left. */
    static void assertSameRun(Path whole, Path resumed) throws IOException {
        assertEquals(csvWithoutSeconds(whole), csvWithoutSeconds(resumed), "metrics.csv");
        assertEquals(arrowWithoutSeconds(whole), arrowWithoutSeconds(resumed), "metrics.arrow");
        Map<String, byte[]> a = perEpochFiles(whole);
        Map<String, byte[]> b = perEpochFiles(resumed);
        assertEquals(a.keySet(), b.keySet(), "per-epoch files");
        for (String k : a.keySet()) assertArrayEquals(a.get(k), b.get(k), k);
        assertEquals(report(whole), report(resumed), "report.html");
        for (String f : List.of("genotype.json", "genotype.txt")) {
            if (Files.exists(whole.resolve(f))) assertEquals(Files.readString(whole.resolve(f)), Files.readString(resumed.resolve(f)), f);
        }
        var x = Checkpoint.tensors(whole.resolve("checkpoint.safetensors"));
        var y = Checkpoint.tensors(resumed.resolve("checkpoint.safetensors"));
        assertEquals(x.keySet(), y.keySet());
        for (String k : x.keySet()) assertArrayEquals(x.get(k).values(), y.get(k).values(), k);
        try (Stream<Path> s = Files.walk(resumed)) {
            List<Path> left = s.filter(p -> p.getFileName().toString().endsWith(".tmp") || p.getFileName().toString().equals(RunDirectory.LOCK)).toList();
            assertTrue(left.isEmpty(), "left behind: " + left);
        }
    }
}

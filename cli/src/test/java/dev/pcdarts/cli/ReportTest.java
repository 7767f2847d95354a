package dev.pcdarts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pcdarts.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report.html of a small search: its α/β heatmaps carry a colour scale and each cell's value, the values of the run's files. */
class ReportTest {
    private static final Pattern MAP = Pattern.compile("<svg class=\"heatmap\".*?</svg>", Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile("<rect [^>]*fill=\"(rgb\\([^\"]+\\))\" data-value=\"([-\\d.]+)\"><title>(\\w+) (\\d+), (\\w+(?: \\d+)?): ([-\\d.]+)</title></rect>");
    private static final Pattern TICK = Pattern.compile("<text class=\"tick\" [^>]*data-value=\"([-\\d.]+)\">([-\\d.]+)</text>");
    private static final Pattern SLICE = Pattern.compile("<g class=\"scale\">(<rect [^>]*fill=\"rgb\\([^\"]+\\)\"/>)+");

    @TempDir
    static Path tmp;
    static Path run;
    static String report;

    @BeforeAll
    static void search() throws IOException {
        run = tmp.resolve("s");
        Cli c = Cli.run("search", "--fast-dev-run", "--run-dir", run.toString(), "--no-progress");
        assertEquals(0, c.code(), c.toString());
        report = Files.readString(run.resolve("report.html"));
    }

    /** The heatmaps under one h3 heading. */
    private static List<String> maps(String heading) {
        int from = report.indexOf("<h3>" + heading + "</h3>");
        assertTrue(from >= 0, "report.html lacks " + heading);
        int to = report.indexOf("<h", from + 4);
        List<String> out = new ArrayList<>();
        for (Matcher m = MAP.matcher(report.substring(from, to < 0 ? report.length() : to)); m.find(); ) out.add(m.group());
        return out;
    }

    /** The cells' values in order, after checking each cell's tooltip names its place and repeats its value. */
    private static List<String> cells(String map, String rowWord, int cols) {
        List<String> values = new ArrayList<>();
        for (Matcher m = CELL.matcher(map); m.find(); ) {
            assertEquals(m.group(2), m.group(6), "the tooltip shows the cell's value: " + m.group());
            assertEquals(rowWord, m.group(3), m.group());
            assertEquals(values.size() / cols, Integer.parseInt(m.group(4)), "row of " + m.group());
            values.add(m.group(2));
        }
        List<Double> v = values.stream().map(Double::parseDouble).toList();
        List<String> ticks = new ArrayList<>();
        for (Matcher m = TICK.matcher(map); m.find(); ) {
            assertEquals(m.group(1), m.group(2), m.group());
            ticks.add(m.group(1));
        }
        assertEquals(List.of(fmt(Collections.max(v)), fmt(Collections.min(v))), ticks, "the scale's ticks are the map's maximum and minimum");
        Matcher scale = SLICE.matcher(map);
        assertTrue(scale.find(), "a colour scale: " + map);
        return values;
    }

    private static String fmt(double x) {
        return String.format(Locale.ROOT, "%.4f", x);
    }

    private static List<String> archValues(int epoch, String key) throws IOException {
        Map<String, Object> arch = Json.parseObject(Files.readString(run.resolve(String.format(Locale.ROOT, "arch/epoch_%03d.json", epoch))));
        return ((List<?>) arch.get(key)).stream().map(x -> fmt(((Number) x).floatValue())).toList();
    }

    @Test
    void alphaMapsShowEachEpochsWeightsWithAScale() throws IOException {
        for (String kind : List.of("normal", "reduce")) {
            List<String> maps = maps(kind + " cells: α");
            assertEquals(2, maps.size(), "one α map per epoch of the fast dev run");
            for (int e = 0; e < maps.size(); e++) {
                List<String> values = cells(maps.get(e), "edge", 8);
                assertEquals(archValues(e, "alphas_" + kind), values, kind + " α of epoch " + e);
                assertTrue(maps.get(e).contains(", sep_conv_3x3: "), "α tooltips name the op");
            }
        }
    }

    @Test
    void betaMapsShowEveryEpochsEdgeWeightsWithAScale() throws IOException {
        for (String kind : List.of("normal", "reduce")) {
            List<String> maps = maps(kind + " cells: β over the epochs");
            assertEquals(1, maps.size());
            List<String> expected = new ArrayList<>(archValues(0, "betas_" + kind));
            expected.addAll(archValues(1, "betas_" + kind));
            assertEquals(expected, cells(maps.getFirst(), "epoch", 14), kind + " β");
            assertTrue(maps.getFirst().contains(", edge 13: "), "β tooltips name the edge");
        }
    }

    @Test
    void darkerCellsHoldLargerValues() {
        String map = maps("normal cells: α").getLast();
        double lastValue = Double.NEGATIVE_INFINITY;
        int lastShade = Integer.MAX_VALUE;
        List<double[]> byValue = new ArrayList<>();
        for (Matcher m = CELL.matcher(map); m.find(); ) {
            int shade = Integer.parseInt(m.group(1).replaceAll("rgb\\((\\d+),.*", "$1"));
            byValue.add(new double[] {Double.parseDouble(m.group(2)), shade});
        }
        byValue.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(b[1], a[1])); // values equal when shown: lighter first
        for (double[] c : byValue) {
            assertTrue(c[0] >= lastValue && c[1] <= lastShade, "a larger value is no lighter");
            lastValue = c[0];
            lastShade = (int) c[1];
        }
        assertTrue(byValue.getFirst()[1] > byValue.getLast()[1], "the range spans light to dark");
    }
}

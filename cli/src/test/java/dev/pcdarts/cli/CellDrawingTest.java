package dev.pcdarts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pcdarts.nas.genotype.Genotype;
import dev.pcdarts.nas.genotype.Genotypes;
import dev.pcdarts.nas.ops.Primitive;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The cell drawings' edge labels, measured from the SVG and DOT text as a reader sees them: no two
 * labels and no label and node overlap, for every built-in genotype and random ones.
 */
class CellDrawingTest {
    private static final Pattern OP = Pattern.compile("<text class=\"op\" x=\"([-\\d.]+)\" y=\"([-\\d.]+)\" font-size=\"(\\d+)\"[^>]*>([^<]+)</text>");
    private static final Pattern NODE = Pattern.compile("<rect class=\"node\" x=\"([-\\d.]+)\" y=\"([-\\d.]+)\" width=\"([\\d.]+)\" height=\"([\\d.]+)\"");
    private static final Pattern SIZE = Pattern.compile("<svg [^>]*width=\"([\\d.]+)\" height=\"([\\d.]+)\"");

    record Rect(String what, double x0, double y0, double x1, double y1) {
        boolean intersects(Rect o) {
            return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1;
        }
    }

    /** A label's box from its text element: centred on x, as wide as the drawing's per-character estimate, from ascent to descent. */
    private static Rect label(String text, double x, double baseline, double fontSize) {
        double w = text.length() * CellLayout.CHAR_EM * fontSize;
        return new Rect(text, x - w / 2, baseline - CellLayout.ASCENT_EM * fontSize, x + w / 2, baseline + CellLayout.DESCENT_EM * fontSize);
    }

    private static void assertClear(String what, List<Genotype.Edge> edges, List<Integer> concat) {
        String svg = CellDrawing.svg(edges, concat, what);
        List<Rect> labels = new ArrayList<>();
        for (Matcher m = OP.matcher(svg); m.find(); ) {
            labels.add(label(m.group(4), Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))));
        }
        List<Rect> nodes = new ArrayList<>();
        for (Matcher m = NODE.matcher(svg); m.find(); ) {
            double x = Double.parseDouble(m.group(1)), y = Double.parseDouble(m.group(2));
            nodes.add(new Rect("node", x, y, x + Double.parseDouble(m.group(3)), y + Double.parseDouble(m.group(4))));
        }
        assertEquals(edges.stream().map(Genotype.Edge::op).toList(), labels.stream().map(Rect::what).toList(), what + ": one label per edge, in order");
        assertEquals(edges.size() / 2 + 3, nodes.size(), what);
        Matcher size = SIZE.matcher(svg);
        assertTrue(size.find(), what);
        double w = Double.parseDouble(size.group(1)), h = Double.parseDouble(size.group(2));
        for (int i = 0; i < labels.size(); i++) {
            Rect a = labels.get(i);
            assertTrue(a.x0() >= 0 && a.y0() >= 30 && a.x1() <= w && a.y1() <= h, what + ": label " + i + " " + a + " leaves the canvas or covers the title");
            for (int j = i + 1; j < labels.size(); j++) assertFalse(a.intersects(labels.get(j)), what + ": labels " + i + " and " + j + " overlap: " + a + " " + labels.get(j));
            for (Rect n : nodes) assertFalse(a.intersects(n), what + ": label " + i + " " + a + " covers node " + n);
        }
        assertDotClear(what, CellDrawing.dot(edges, concat), edges.size());
    }

    /** The DOT file carries the same layout: node positions and label positions (lp), in points with y upwards. */
    private static void assertDotClear(String what, String dot, int edges) {
        Pattern lp = Pattern.compile("label=\"(\\w+)\", lp=\"([-\\d.]+),([-\\d.]+)\"");
        Pattern pos = Pattern.compile("pos=\"([-\\d.]+),([-\\d.]+)!\"");
        Matcher fs = Pattern.compile("edge \\[fontsize=(\\d+)").matcher(dot);
        assertTrue(fs.find(), dot);
        double font = Double.parseDouble(fs.group(1));
        List<Rect> labels = new ArrayList<>();
        for (Matcher m = lp.matcher(dot); m.find(); ) {
            double w = m.group(1).length() * CellLayout.CHAR_EM * font, y = Double.parseDouble(m.group(3));
            double x = Double.parseDouble(m.group(2)), half = (CellLayout.ASCENT_EM + CellLayout.DESCENT_EM) * font / 2;
            labels.add(new Rect(m.group(1), x - w / 2, y - half, x + w / 2, y + half));
        }
        List<Rect> nodes = new ArrayList<>();
        for (Matcher m = pos.matcher(dot); m.find(); ) {
            double x = Double.parseDouble(m.group(1)), y = Double.parseDouble(m.group(2));
            nodes.add(new Rect("node", x - 36, y - 17, x + 36, y + 17));
        }
        assertEquals(edges, labels.size(), what + " dot: " + dot);
        for (int i = 0; i < labels.size(); i++) {
            Rect a = labels.get(i);
            for (int j = i + 1; j < labels.size(); j++) assertFalse(a.intersects(labels.get(j)), what + " dot: labels " + i + " and " + j + " overlap");
            for (Rect n : nodes) assertFalse(a.intersects(n), what + " dot: label " + i + " covers a node");
        }
    }

    @Test
    void builtInGenotypesHaveNoOverlappingLabels() {
        assertTrue(Genotypes.all().size() >= 6, "the built-ins of genotype list");
        for (var e : Genotypes.all().entrySet()) {
            Genotype g = e.getValue();
            assertClear(e.getKey() + " normal", g.normal(), g.normalConcat());
            assertClear(e.getKey() + " reduce", g.reduce(), g.reduceConcat());
        }
    }

    @Test
    void randomGenotypesHaveNoOverlappingLabels() {
        Random r = new Random(24);
        List<String> ops = Primitive.SEARCH_SPACE.stream().map(Primitive::ref).filter(o -> !o.equals("none")).toList();
        for (int g = 0; g < 300; g++) {
            int steps = 1 + r.nextInt(6);
            List<Genotype.Edge> edges = new ArrayList<>();
            for (int k = 0; k < 2 * steps; k++) edges.add(new Genotype.Edge(ops.get(r.nextInt(ops.size())), r.nextInt(k / 2 + 2)));
            List<Integer> concat = new ArrayList<>();
            for (int c = 2; c < steps + 2; c++) if (r.nextBoolean() || c == steps + 1) concat.add(c);
            assertClear("random genotype " + g + " " + edges, edges, concat);
        }
    }

    /** Moved clear of the others, a label still sits on its own edge, so a reader can tell which edge it names. */
    @Test
    void labelsStayOnTheirEdges() {
        Genotype g = Genotypes.resolve("PC_DARTS_cifar");
        CellLayout lay = CellLayout.of(g.reduce(), g.reduceConcat(), 30);
        for (CellLayout.Edge e : lay.edges) {
            if (e.label() == null) continue;
            CellLayout.Box b = e.label().box();
            double cx = (b.x0() + b.x1()) / 2, cy = (b.y0() + b.y1()) / 2, best = Double.POSITIVE_INFINITY;
            for (int i = 0; i <= 200; i++) {
                double[] p = e.curve().at(i / 200.0);
                best = Math.min(best, Math.hypot(p[0] - cx, p[1] - cy));
            }
            assertTrue(best < 1.0, e + ": the label's centre lies on its edge, off by " + best);
        }
    }
}

package dev.pcdarts.cli;

import dev.pcdarts.nas.genotype.Genotype;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a cell drawing puts its nodes, edges and edge labels. Nodes stand in columns as the
 * reference's drawing has them; each op label goes on its edge at the first spot, from the middle
 * outwards and then on ever wider arcs, where it clears every node and every label already placed,
 * so no two labels and no label and node overlap whatever the genotype.
 */
final class CellLayout {
    static final double NODE_W = 72, NODE_H = 34;
    static final int LABEL_FONT = 13;
    /** Width per character, and the height above and below the baseline, in ems: the label's box; the SVG stretches each label to that width. */
    static final double CHAR_EM = 0.6, ASCENT_EM = 0.8, DESCENT_EM = 0.25;
    private static final double GAP = 3; // clearance kept around a label, so boxes that merely touch do not look joined
    private static final double[] ALONG = {0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82};
    private static final double WIDEN = 30; // how much further an arc bows on each try

    record Box(double x0, double y0, double x1, double y1) {
        boolean intersects(Box o) {
            return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1;
        }

        Box grow(double g) {
            return new Box(x0 - g, y0 - g, x1 + g, y1 + g);
        }
    }

    record Node(String name, double x, double y, String fill) {
        Box box() {
            return new Box(x - NODE_W / 2, y - NODE_H / 2, x + NODE_W / 2, y + NODE_H / 2);
        }
    }

    /** A quadratic Bézier from the right side of one node to the left side of another. */
    record Curve(double x0, double y0, double cx, double cy, double x1, double y1) {
        double[] at(double t) {
            double u = 1 - t;
            return new double[] {u * u * x0 + 2 * u * t * cx + t * t * x1, u * u * y0 + 2 * u * t * cy + t * t * y1};
        }

        Curve shift(double dx, double dy) {
            return new Curve(x0 + dx, y0 + dy, cx + dx, cy + dy, x1 + dx, y1 + dy);
        }
    }

    /** An op label centred at (x, its box's middle); {@code baseline} is where the SVG text sits. */
    record Label(String text, double x, double baseline) {
        static double width(String text) {
            return text.length() * CHAR_EM * LABEL_FONT;
        }

        static Label centredAt(String text, double x, double y) {
            return new Label(text, x, y + (ASCENT_EM - DESCENT_EM) / 2 * LABEL_FONT);
        }

        Box box() {
            double w = width(text);
            return new Box(x - w / 2, baseline - ASCENT_EM * LABEL_FONT, x + w / 2, baseline + DESCENT_EM * LABEL_FONT);
        }
    }

    /** An op edge has a label; the grey edges into c_{k} have none. */
    record Edge(int from, int to, Curve curve, Label label) {}

    final List<Node> nodes;
    final List<Edge> edges;
    final double width, height;

    private CellLayout(List<Node> nodes, List<Edge> edges, double width, double height) {
        this.nodes = nodes;
        this.edges = edges;
        this.width = width;
        this.height = height;
    }

    static String nodeName(int state, int steps) {
        return state == 0 ? "c_{k-2}" : state == 1 ? "c_{k-1}" : state == steps + 2 ? "c_{k}" : Integer.toString(state - 2);
    }

    /** Lays the cell out; {@code top} is kept free above it (for a title). */
    static CellLayout of(List<Genotype.Edge> ops, List<Integer> concat, double top) {
        int steps = ops.size() / 2;
        double colW = 190;
        List<Node> nodes = new ArrayList<>();
        for (int n = 0; n < steps + 3; n++) {
            double x = n < 2 ? 70 : 70 + colW * (n - 1);
            double y = n < 2 ? (n == 0 ? -75 : 75) : n == steps + 2 ? 0 : (n % 2 == 0 ? -45 : 45);
            nodes.add(new Node(nodeName(n, steps), x, y, n < 2 ? "#b4eeb4" : n == steps + 2 ? "#eee8aa" : "#add8e6"));
        }
        List<Box> taken = new ArrayList<>();
        for (Node n : nodes) taken.add(n.box().grow(GAP));
        List<Edge> edges = new ArrayList<>();
        for (int k = 0; k < ops.size(); k++) {
            Genotype.Edge e = ops.get(k);
            Node a = nodes.get(e.input()), z = nodes.get(k / 2 + 2);
            // Edges that skip columns arc above (from the upper half) or below the nodes they pass; a node's two edges bow apart.
            int span = k / 2 + 2 - Math.max(1, e.input());
            double side = span > 1 ? (a.y() < 0 || (a.y() == 0 && k % 2 == 0) ? -1 : 1) : (k % 2 == 0 ? -1 : 1);
            double bend = span > 1 ? side * (45 + 40 * (span - 1)) : side * 24;
            if (k % 2 == 1 && ops.get(k - 1).input() == e.input() && span > 1) bend += side * WIDEN; // same two ends: keep the arcs apart
            edges.add(place(e.input(), k / 2 + 2, a, z, bend, side, e.op(), taken));
        }
        for (int c : concat) edges.add(new Edge(c, steps + 2, curve(nodes.get(c), nodes.get(steps + 2), 0), null));
        return framed(nodes, edges, top);
    }

    /** The first free spot along the edge, trying wider arcs until one has room (arcs wide enough clear everything placed). */
    private static Edge place(int from, int to, Node a, Node z, double bend, double side, String op, List<Box> taken) {
        for (int widen = 0; widen < 1000; widen++) {
            Curve c = curve(a, z, bend + side * WIDEN * widen);
            for (double t : ALONG) {
                double[] p = c.at(t);
                Label l = Label.centredAt(op, p[0], p[1]);
                Box b = l.box().grow(GAP);
                if (taken.stream().noneMatch(b::intersects)) {
                    taken.add(b);
                    return new Edge(from, to, c, l);
                }
            }
        }
        throw new IllegalStateException("no room for the label " + op);
    }

    private static Curve curve(Node a, Node z, double bend) {
        double x0 = a.x() + NODE_W / 2, y0 = a.y(), x1 = z.x() - NODE_W / 2, y1 = z.y();
        return new Curve(x0, y0, (x0 + x1) / 2, (y0 + y1) / 2 + bend, x1, y1);
    }

    /** Moves everything below {@code top} and sizes the canvas to what was drawn. */
    private static CellLayout framed(List<Node> nodes, List<Edge> edges, double top) {
        double minY = Double.POSITIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY, maxX = 0;
        List<Box> all = new ArrayList<>();
        for (Node n : nodes) all.add(n.box());
        for (Edge e : edges) {
            if (e.label() != null) all.add(e.label().box());
            for (int i = 0; i <= 20; i++) {
                double[] p = e.curve().at(i / 20.0);
                all.add(new Box(p[0], p[1], p[0], p[1]));
            }
        }
        for (Box b : all) {
            minY = Math.min(minY, b.y0());
            maxY = Math.max(maxY, b.y1());
            maxX = Math.max(maxX, b.x1());
        }
        double dy = top + 8 - minY;
        List<Node> ns = nodes.stream().map(n -> new Node(n.name(), n.x(), n.y() + dy, n.fill())).toList();
        List<Edge> es = new ArrayList<>();
        for (Edge e : edges) {
            Label l = e.label() == null ? null : new Label(e.label().text(), e.label().x(), e.label().baseline() + dy);
            es.add(new Edge(e.from(), e.to(), e.curve().shift(0, dy), l));
        }
        return new CellLayout(ns, es, Math.ceil(maxX + 30), Math.ceil(maxY + dy + 12));
    }
}

package dev.pcdarts.cli;

import dev.pcdarts.nas.genotype.Genotype;
import java.util.List;
import java.util.Locale;

/**
 * Draws a cell as the reference's visualize.py does (left to right: c_{k-2} and c_{k-1} in
 * dark sea green, intermediate nodes 0.. in light blue, c_{k} in pale goldenrod, edges labelled
 * with their op, grey edges into c_{k}), as a self-contained SVG and as a Graphviz DOT file, both
 * from {@link CellLayout}'s positions.
 */
final class CellDrawing {
    private static final double TITLE = 30; // room for the SVG's title above the cell

    private CellDrawing() {}

    /**
     * For {@code dot}, which lays the cell out itself with each edge label a node of its own (so labels cannot overlap);
     * the positions are {@link CellLayout}'s, which {@code neato -n2} keeps.
     */
    static String dot(List<Genotype.Edge> edges, List<Integer> concat) {
        CellLayout lay = CellLayout.of(edges, concat, 0);
        StringBuilder b = new StringBuilder("digraph cell {\n  rankdir=LR;\n");
        // the layout's sizes, in points: its labels' font and its 72 x 34 node boxes
        b.append("  edge [fontsize=13, fontname=times];\n");
        b.append("  node [style=filled, shape=rect, align=center, fontsize=17, width=1, height=0.47, fixedsize=true, penwidth=2, fontname=times];\n");
        for (CellLayout.Node n : lay.nodes) {
            b.append(String.format(Locale.ROOT, "  \"%s\" [fillcolor=%s, pos=\"%.0f,%.0f!\"];%n", n.name(), dotColour(n.fill()), n.x(),
                    lay.height - n.y()));
        }
        int steps = edges.size() / 2;
        for (CellLayout.Edge e : lay.edges) {
            b.append("  \"").append(CellLayout.nodeName(e.from(), steps)).append("\" -> \"").append(CellLayout.nodeName(e.to(), steps)).append("\" [");
            if (e.label() == null) {
                b.append("fillcolor=gray, color=gray];\n");
            } else {
                double mid = (e.label().box().y0() + e.label().box().y1()) / 2;
                b.append(String.format(Locale.ROOT, "label=\"%s\", lp=\"%.0f,%.0f\", fillcolor=gray];%n", e.label().text(), e.label().x(),
                        lay.height - mid));
            }
        }
        return b.append("}\n").toString();
    }

    private static String dotColour(String fill) {
        return switch (fill) {
            case "#b4eeb4" -> "darkseagreen2";
            case "#eee8aa" -> "palegoldenrod";
            default -> "lightblue";
        };
    }

    static String svg(List<Genotype.Edge> edges, List<Integer> concat, String title) {
        CellLayout lay = CellLayout.of(edges, concat, TITLE);
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" font-family=\"Times, serif\">%n",
                lay.width, lay.height, lay.width, lay.height));
        b.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\">"
                + "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#333\"/></marker>"
                + "<marker id=\"arrowg\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\">"
                + "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#999\"/></marker></defs>\n");
        b.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"22\" font-size=\"18\" font-weight=\"bold\">%s</text>%n", esc(title)));
        for (CellLayout.Edge e : lay.edges) {
            boolean op = e.label() != null;
            CellLayout.Curve c = e.curve();
            b.append(String.format(Locale.ROOT, "<path d=\"M%.1f,%.1f Q%.1f,%.1f %.1f,%.1f\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.6\" marker-end=\"url(#%s)\"/>%n",
                    c.x0(), c.y0(), c.cx(), c.cy(), c.x1(), c.y1(), op ? "#333" : "#999", op ? "arrow" : "arrowg"));
        }
        // labels after every edge, so that no edge is drawn across a label's white halo
        for (CellLayout.Edge e : lay.edges) {
            if (e.label() == null) continue;
            CellLayout.Label l = e.label();
            b.append(String.format(Locale.ROOT, "<text class=\"op\" x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"middle\" textLength=\"%.1f\" lengthAdjust=\"spacingAndGlyphs\""
                    + " fill=\"#111\" stroke=\"white\" stroke-width=\"3\" paint-order=\"stroke\">%s</text>%n",
                    l.x(), l.baseline(), CellLayout.LABEL_FONT, CellLayout.Label.width(l.text()), esc(l.text())));
        }
        for (CellLayout.Node n : lay.nodes) {
            b.append(String.format(Locale.ROOT, "<rect class=\"node\" x=\"%.1f\" y=\"%.1f\" width=\"%.0f\" height=\"%.0f\" rx=\"3\" fill=\"%s\" stroke=\"#000\" stroke-width=\"2\"/>"
                    + "<text x=\"%.1f\" y=\"%.1f\" font-size=\"17\" text-anchor=\"middle\">%s</text>%n",
                    n.x() - CellLayout.NODE_W / 2, n.y() - CellLayout.NODE_H / 2, CellLayout.NODE_W, CellLayout.NODE_H, n.fill(), n.x(), n.y() + 6, esc(n.name())));
        }
        return b.append("</svg>\n").toString();
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

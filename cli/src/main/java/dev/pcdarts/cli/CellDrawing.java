package dev.pcdarts.cli;

import dev.pcdarts.nas.genotype.Genotype;
import java.util.List;

/**
 * Draws a cell as the reference's visualize.py does (left to right: c_{k-2} and c_{k-1} in
 * dark sea green, intermediate nodes 0.. in light blue, c_{k} in pale goldenrod, edges labelled
 * with their op, grey edges into c_{k}), as a self-contained SVG and as a Graphviz DOT file.
 */
final class CellDrawing {
    private CellDrawing() {}

    private static String inputName(int j) {
        return j == 0 ? "c_{k-2}" : j == 1 ? "c_{k-1}" : Integer.toString(j - 2);
    }

    static String dot(List<Genotype.Edge> edges, List<Integer> concat) {
        StringBuilder b = new StringBuilder("digraph cell {\n  rankdir=LR;\n");
        b.append("  edge [fontsize=20, fontname=times];\n");
        b.append("  node [style=filled, shape=rect, align=center, fontsize=20, height=0.5, width=0.5, penwidth=2, fontname=times];\n");
        b.append("  \"c_{k-2}\" [fillcolor=darkseagreen2];\n  \"c_{k-1}\" [fillcolor=darkseagreen2];\n");
        int steps = edges.size() / 2;
        for (int i = 0; i < steps; i++) b.append("  \"").append(i).append("\" [fillcolor=lightblue];\n");
        b.append("  \"c_{k}\" [fillcolor=palegoldenrod];\n");
        for (int k = 0; k < edges.size(); k++) {
            Genotype.Edge e = edges.get(k);
            b.append("  \"").append(inputName(e.input())).append("\" -> \"").append(k / 2).append("\" [label=\"").append(e.op())
                    .append("\", fillcolor=gray];\n");
        }
        for (int c : concat) b.append("  \"").append(inputName(c)).append("\" -> \"c_{k}\" [fillcolor=gray, color=gray];\n");
        return b.append("}\n").toString();
    }

    static String svg(List<Genotype.Edge> edges, List<Integer> concat, String title) {
        int steps = edges.size() / 2;
        int colW = 190, w = 140 + colW * (steps + 1) + 60, h = 430, mid = 215;
        double[][] pos = new double[steps + 3][]; // 0,1 inputs; 2.. nodes; last output
        pos[0] = new double[] {70, mid - 75};
        pos[1] = new double[] {70, mid + 75};
        for (int i = 0; i < steps; i++) pos[i + 2] = new double[] {70 + colW * (i + 1), i % 2 == 0 ? mid - 45 : mid + 45};
        pos[steps + 2] = new double[] {70 + colW * (steps + 1), mid};
        StringBuilder b = new StringBuilder();
        b.append(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"Times, serif\">%n", w, h, w, h));
        b.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\">"
                + "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#333\"/></marker>"
                + "<marker id=\"arrowg\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\">"
                + "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#999\"/></marker></defs>\n");
        b.append(String.format("<text x=\"10\" y=\"22\" font-size=\"18\" font-weight=\"bold\">%s</text>%n", esc(title)));
        for (int k = 0; k < edges.size(); k++) {
            Genotype.Edge e = edges.get(k);
            double[] a = pos[e.input()], z = pos[k / 2 + 2];
            // Edges that skip columns arc above (from the upper half) or below the nodes they pass.
            int span = k / 2 + 2 - Math.max(1, e.input());
            double side = a[1] < mid || (a[1] == mid && k % 2 == 0) ? -1 : 1;
            double bend = span > 1 ? side * (45 + 40 * (span - 1)) : (k % 2 == 0 ? -1 : 1) * 24;
            b.append(curve(a, z, bend, "#333", "arrow"));
            double mx = (a[0] + z[0]) / 2, my = (a[1] + z[1]) / 2 + bend / 2;
            b.append(String.format("<text x=\"%.0f\" y=\"%.0f\" font-size=\"13\" text-anchor=\"middle\" fill=\"#111\" stroke=\"white\" stroke-width=\"3\" paint-order=\"stroke\">%s</text>%n",
                    mx, my - 4, esc(e.op())));
        }
        for (int c : concat) b.append(curve(pos[c], pos[steps + 2], 0, "#999", "arrowg"));
        String[] fill = new String[steps + 3];
        fill[0] = fill[1] = "#b4eeb4";
        for (int i = 0; i < steps; i++) fill[i + 2] = "#add8e6";
        fill[steps + 2] = "#eee8aa";
        for (int n = 0; n < pos.length; n++) {
            String label = n < 2 ? inputName(n) : n == steps + 2 ? "c_{k}" : Integer.toString(n - 2);
            b.append(String.format("<rect x=\"%.0f\" y=\"%.0f\" width=\"72\" height=\"34\" rx=\"3\" fill=\"%s\" stroke=\"#000\" stroke-width=\"2\"/>"
                    + "<text x=\"%.0f\" y=\"%.0f\" font-size=\"17\" text-anchor=\"middle\">%s</text>%n",
                    pos[n][0] - 36, pos[n][1] - 17, fill[n], pos[n][0], pos[n][1] + 6, esc(label)));
        }
        return b.append("</svg>\n").toString();
    }

    private static String curve(double[] a, double[] z, double bend, String colour, String marker) {
        double x0 = a[0] + 36, y0 = a[1], x1 = z[0] - 36, y1 = z[1];
        double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2 + bend;
        return String.format("<path d=\"M%.0f,%.0f Q%.0f,%.0f %.0f,%.0f\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.6\" marker-end=\"url(#%s)\"/>%n",
                x0, y0, cx, cy, x1, y1, colour, marker);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

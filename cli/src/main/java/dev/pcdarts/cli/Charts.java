package dev.pcdarts.cli;

import java.util.List;
import java.util.Locale;

/** Small inline-SVG charts: line charts and heatmaps. */
final class Charts {
    private Charts() {}

    record Series(String name, double[] values, String colour) {}

    static String line(String title, String xLabel, List<Series> series) {
        int w = 380, h = 240, l = 50, r = 12, t = 28, bt = 36;
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        int n = 0;
        for (Series s : series) {
            for (double v : s.values()) {
                if (Double.isNaN(v)) continue;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            n = Math.max(n, s.values().length);
        }
        StringBuilder b = new StringBuilder(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\">", w, h));
        b.append(String.format("<text x=\"%d\" y=\"16\" font-size=\"13\" font-weight=\"bold\">%s</text>", l, CellDrawing.esc(title)));
        b.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>", l, t, w - l - r, h - t - bt));
        if (n == 0 || min > max) return b.append("<text x=\"60\" y=\"120\" font-size=\"12\">no data</text></svg>").toString();
        if (max == min) {
            max += 0.5;
            min -= 0.5;
        }
        for (int k = 0; k <= 4; k++) {
            double v = min + (max - min) * k / 4;
            double y = h - bt - (h - t - bt) * k / 4.0;
            b.append(String.format("<text x=\"%d\" y=\"%.0f\" font-size=\"10\" text-anchor=\"end\">%.3g</text>", l - 4, y + 3, v));
        }
        b.append(String.format("<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s (%d)</text>", (w + l) / 2, h - 8, xLabel, n));
        int li = 0;
        for (Series s : series) {
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < s.values().length; i++) {
                double v = s.values()[i];
                if (Double.isNaN(v)) continue;
                double x = l + (n == 1 ? (w - l - r) / 2.0 : (w - l - r) * i / (double) (n - 1));
                double y = h - bt - (h - t - bt) * (v - min) / (max - min);
                pts.append(String.format("%.1f,%.1f ", x, y));
                if (s.values().length <= 60) b.append(String.format("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>", x, y, s.colour()));
            }
            b.append(String.format("<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"/>", pts, s.colour()));
            b.append(String.format("<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"%s\">%s</text>", w - r - 90, t + 14 + 13 * li++, s.colour(), CellDrawing.esc(s.name())));
        }
        return b.append("</svg>\n").toString();
    }

    /**
     * rows×cols values, darker = larger (scaled to the map's own range), with a colour scale from
     * its minimum to its maximum; each cell names its row, column and value on hover and carries the value as data-value.
     */
    static String heatmap(String title, float[] v, int rows, int cols, String rowWord, String colWord, List<String> colNames, int cell) {
        int top = colNames == null ? 22 : 90;
        int gridW = cols * cell, gridH = rows * cell, scaleH = Math.max(gridH, 48), scaleX = 30 + gridW + 10;
        int w = scaleX + 14 + 52, h = top + Math.max(gridH, scaleH) + 8;
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (float x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        StringBuilder b = new StringBuilder(String.format("<svg class=\"heatmap\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\">", w, h));
        b.append(String.format("<text x=\"2\" y=\"14\" font-size=\"11\">%s</text>", CellDrawing.esc(title)));
        if (colNames != null) {
            for (int c = 0; c < cols; c++) {
                b.append(String.format("<text transform=\"translate(%d,%d) rotate(-60)\" font-size=\"9\">%s</text>", 30 + c * cell + cell / 2 + 3, top - 3,
                        CellDrawing.esc(colNames.get(c))));
            }
        }
        for (int r = 0; r < rows; r++) {
            b.append(String.format("<text x=\"26\" y=\"%d\" font-size=\"8\" text-anchor=\"end\">%d</text>", top + r * cell + cell - 2, r));
            for (int c = 0; c < cols; c++) {
                float x = v[r * cols + c];
                String col = colNames == null ? colWord + " " + c : colNames.get(c);
                b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" data-value=\"%s\"><title>%s %d, %s: %s</title></rect>",
                        30 + c * cell, top + r * cell, cell - 1, cell - 1, shade(x, min, max), value(x), rowWord, r, CellDrawing.esc(col), value(x)));
            }
        }
        // the scale: the same colours in slices, the maximum on top, ticks at both ends
        int slices = 24;
        b.append("<g class=\"scale\">");
        for (int i = 0; i < slices; i++) {
            float x = max > min ? max - (max - min) * (i + 0.5f) / slices : min;
            b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.2f\" width=\"12\" height=\"%.2f\" fill=\"%s\"/>", scaleX, top + scaleH * i / (double) slices,
                    scaleH / (double) slices + 0.3, shade(x, min, max)));
        }
        b.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>", scaleX, top, scaleH));
        b.append(String.format("<text class=\"tick\" x=\"%d\" y=\"%d\" font-size=\"9\" data-value=\"%s\">%s</text>", scaleX + 15, top + 8, value(max), value(max)));
        b.append(String.format("<text class=\"tick\" x=\"%d\" y=\"%d\" font-size=\"9\" data-value=\"%s\">%s</text>", scaleX + 15, top + scaleH, value(min), value(min)));
        return b.append("</g></svg>\n").toString();
    }

    /** White-blue, darker for larger values within [min, max]. */
    private static String shade(float x, float min, float max) {
        double f = max > min ? (x - min) / (double) (max - min) : 0.5;
        int s = (int) Math.round(245 - 200 * f);
        return "rgb(" + s + "," + s + ",255)";
    }

    private static String value(float x) {
        return String.format(Locale.ROOT, "%.4f", x);
    }
}

package dev.pcdarts.cli;

import dev.pcdarts.nas.genotype.Genotype;
import dev.pcdarts.nas.loop.TrainListener;
import dev.pcdarts.nas.ops.Primitive;
import java.util.List;
import java.util.Map;

/**
 * report.html: loss and accuracy curves, the evolution of the architecture weights as heatmaps,
 * the final cells, and the provenance. Everything inline (SVG and CSS): it opens offline.
 */
final class Report {
    private Report() {}

    static String html(String title, List<TrainListener.StepStats> steps, List<TrainListener.EpochStats> epochs,
                       Genotype genotype, Map<String, Object> provenance, Map<String, Object> config) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(CellDrawing.esc(title)).append("</title>\n");
        b.append("<style>body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}h1{font-size:22px}"
                + "h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ddd}table{border-collapse:collapse;font-size:13px}"
                + "td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}.row{display:flex;flex-wrap:wrap;gap:18px}"
                + "code{background:#f4f4f4;padding:2px 4px}</style></head><body>\n");
        b.append("<h1>").append(CellDrawing.esc(title)).append("</h1>\n");
        if (genotype != null) b.append("<p><code>").append(CellDrawing.esc(genotype.toReferenceString())).append("</code></p>\n");
        b.append("<h2>Curves</h2><div class=\"row\">\n");
        double[] stepLoss = steps.stream().mapToDouble(TrainListener.StepStats::loss).toArray();
        b.append(Charts.line("training loss per step", "step", List.of(new Charts.Series("loss", stepLoss, "#1f77b4"))));
        double[] top1 = epochs.stream().mapToDouble(TrainListener.EpochStats::trainTop1).toArray();
        double[] vtop1 = epochs.stream().mapToDouble(TrainListener.EpochStats::validTop1).toArray();
        double[] eloss = epochs.stream().mapToDouble(TrainListener.EpochStats::trainLoss).toArray();
        b.append(Charts.line("loss per epoch", "epoch", List.of(new Charts.Series("train loss", eloss, "#1f77b4"))));
        b.append(Charts.line("top-1 accuracy (%) per epoch", "epoch", List.of(new Charts.Series("train", top1, "#2ca02c"),
                new Charts.Series("valid", vtop1, "#d62728"))));
        b.append("</div>\n");
        if (!epochs.isEmpty() && !epochs.getLast().arch().isEmpty()) {
            b.append("<h2>Architecture weights</h2>\n<p>softmax(α) per edge (rows, 14) and op (columns, 8), after each epoch; "
                    + "edge-normalised β per edge (columns) and epoch (rows). Each map is shaded over its own range (the scale beside it); "
                    + "hover a cell for its value.</p>\n");
            List<String> ops = Primitive.SEARCH_SPACE.stream().map(Primitive::ref).toList();
            for (String kind : new String[] {"normal", "reduce"}) {
                b.append("<h3>").append(kind).append(" cells: α</h3><div class=\"row\">\n");
                for (TrainListener.EpochStats e : epochs) {
                    float[] a = e.arch().get("alphas_" + kind);
                    b.append(Charts.heatmap("epoch " + e.epoch(), a, a.length / ops.size(), ops.size(), "edge", "op", ops, 11));
                }
                b.append("</div>\n<h3>").append(kind).append(" cells: β over the epochs</h3>\n");
                int edges = epochs.getFirst().arch().get("betas_" + kind).length;
                float[] betas = new float[epochs.size() * edges];
                for (int i = 0; i < epochs.size(); i++) System.arraycopy(epochs.get(i).arch().get("betas_" + kind), 0, betas, i * edges, edges);
                b.append(Charts.heatmap("β " + kind + " (row = epoch)", betas, epochs.size(), edges, "epoch", "edge", null, 16));
            }
        }
        if (genotype != null) {
            b.append("<h2>Cells</h2><div class=\"row\">\n");
            b.append(CellDrawing.svg(genotype.normal(), genotype.normalConcat(), "normal cell"));
            b.append(CellDrawing.svg(genotype.reduce(), genotype.reduceConcat(), "reduction cell"));
            b.append("</div>\n");
        }
        b.append("<h2>Epochs</h2><table><tr><th>epoch</th><th>lr</th><th>train loss</th><th>train top-1</th><th>valid loss</th><th>valid top-1</th><th>seconds</th></tr>\n");
        for (TrainListener.EpochStats e : epochs) {
            b.append(String.format("<tr><td>%d</td><td>%.5f</td><td>%.4f</td><td>%.2f</td><td>%s</td><td>%s</td><td>%.1f</td></tr>%n", e.epoch(), e.lr(),
                    e.trainLoss(), e.trainTop1(), Double.isNaN(e.validLoss()) ? "" : String.format("%.4f", e.validLoss()),
                    Double.isNaN(e.validTop1()) ? "" : String.format("%.2f", e.validTop1()), e.seconds()));
        }
        b.append("</table>\n");
        b.append("<h2>Provenance</h2>").append(table(provenance)).append("<h2>Configuration</h2>").append(table(config));
        return b.append("</body></html>\n").toString();
    }

    private static String table(Map<String, Object> m) {
        StringBuilder b = new StringBuilder("<table>\n");
        for (var e : m.entrySet()) {
            b.append("<tr><th>").append(CellDrawing.esc(e.getKey())).append("</th><td>").append(CellDrawing.esc(String.valueOf(e.getValue()))).append("</td></tr>\n");
        }
        return b.append("</table>\n").toString();
    }
}

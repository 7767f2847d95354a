package dev.pcdarts.nas.train;

/** Top-k accuracy as the reference's utils.accuracy counts it, and a weighted running mean. */
public final class Metrics {
    private Metrics() {}

    /** Rows (of n) whose target is among the k largest logits; ties go to the lower class index. */
    public static int correctTopK(float[] logits, int[] targets, int classes, int k) {
        int correct = 0;
        for (int r = 0; r < targets.length; r++) {
            int o = r * classes;
            float t = logits[o + targets[r]];
            int better = 0;
            for (int j = 0; j < classes; j++) {
                float v = logits[o + j];
                if (v > t || (v == t && j < targets[r])) better++;
            }
            if (better < k) correct++;
        }
        return correct;
    }

    /** The reference's AvgrageMeter: sum of value·n over the count. */
    public static final class Mean {
        private double sum;
        private long count;

        public void add(double value, int n) {
            sum += value * n;
            count += n;
        }

        public double mean() {
            return count == 0 ? Double.NaN : sum / count;
        }

        public long count() {
            return count;
        }
    }
}

package dev.pcdarts.nas.loop;

/** Top-k accuracy as the reference's utils.accuracy counts it, and a weighted running mean. */
public final class Metrics {
    private Metrics() {}

    /**
     * Rows (of n) whose target is among the k largest logits; ties go to the lower class index. A
     * row with a non-finite logit is never correct: NaN compares false with everything, so it
     * would otherwise rank first.
     */
    public static int correctTopK(float[] logits, int[] targets, int classes, int k) {
        int correct = 0;
        rows:
        for (int r = 0; r < targets.length; r++) {
            int o = r * classes;
            float t = logits[o + targets[r]];
            int better = 0;
            for (int j = 0; j < classes; j++) {
                float v = logits[o + j];
                if (!Float.isFinite(v)) continue rows;
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

        /** The sum of value·n, for a checkpoint that continues the mean bit for bit. */
        public double sum() {
            return sum;
        }

        /** A mean that continues from a saved {@link #sum} and {@link #count}. */
        public static Mean of(double sum, long count) {
            Mean m = new Mean();
            m.sum = sum;
            m.count = count;
            return m;
        }
    }
}

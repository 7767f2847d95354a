package dev.pcdarts.datasets.readers;

import dev.pcdarts.datasets.ImageSet;

/** Per-channel mean and (population) standard deviation of pixels scaled to [0, 1]. */
public final class PixelStats {
    private PixelStats() {}

    public static float[] mean(ImageSet s) {
        return stats(s)[0];
    }

    public static float[] std(ImageSet s) {
        return stats(s)[1];
    }

    public static float[][] stats(ImageSet s) {
        int c = s.info().channels();
        int b = s.info().imageBytes();
        double[] sum = new double[c];
        double[] sq = new double[c];
        byte[] img = new byte[b];
        for (int i = 0; i < s.size(); i++) {
            s.read(i, img, 0);
            for (int k = 0; k < b; k++) {
                double v = (img[k] & 0xff) / 255.0;
                sum[k % c] += v;
                sq[k % c] += v * v;
            }
        }
        float[] mean = new float[c];
        float[] std = new float[c];
        double count = Math.max(1, (double) s.size() * b / c);
        for (int k = 0; k < c; k++) {
            double m = sum[k] / count;
            mean[k] = (float) m;
            std[k] = (float) Math.sqrt(Math.max(1e-12, sq[k] / count - m * m));
        }
        return new float[][] {mean, std};
    }
}

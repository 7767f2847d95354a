package dev.pcdarts.datasets.augment;

import dev.pcdarts.datasets.DatasetInfo;
import java.util.SplittableRandom;

/**
 * The ImageNet pipelines of train_imagenet.py on stored images. Training: RandomResizedCrop(size,
 * scale 0.08–1, ratio 3/4–4/3, bilinear) → horizontal flip → ColorJitter(brightness, contrast,
 * saturation 0.4, hue 0.2, in a random order) → normalise. Evaluation: centre crop of size.
 */
public record ImageNetTransform(int size, boolean train, float brightness, float contrast, float saturation, float hue)
        implements SampleTransform {

    public static ImageNetTransform train(int size) {
        return new ImageNetTransform(size, true, 0.4f, 0.4f, 0.4f, 0.2f);
    }

    public static ImageNetTransform eval(int size) {
        return new ImageNetTransform(size, false, 0, 0, 0, 0);
    }

    @Override
    public int outHeight(DatasetInfo in) {
        return size;
    }

    @Override
    public int outWidth(DatasetInfo in) {
        return size;
    }

    @Override
    public void apply(byte[] hwc, DatasetInfo info, float[] out, int off, SplittableRandom rng) {
        int h = info.height(), w = info.width(), c = info.channels();
        if (c != 3) throw new IllegalArgumentException("the ImageNet transform needs RGB images, got " + c + " channels");
        if (!train && (h < size || w < size)) throw new IllegalArgumentException("centre crop " + size + " of a " + h + "x" + w + " image");
        float[] rgb = new float[size * size * 3];
        if (train) {
            int[] box = cropBox(h, w, rng);
            resizeBilinear(hwc, h, w, box, rgb);
            if (rng.nextDouble() < 0.5) flip(rgb);
            jitter(rgb, rng);
        } else {
            int y0 = (h - size) / 2, x0 = (w - size) / 2;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    for (int k = 0; k < 3; k++) rgb[(y * size + x) * 3 + k] = (hwc[((y0 + y) * w + x0 + x) * 3 + k] & 0xff) / 255f;
                }
            }
        }
        for (int k = 0; k < 3; k++) {
            for (int p = 0; p < size * size; p++) out[off + k * size * size + p] = (rgb[p * 3 + k] - info.mean()[k]) / info.std()[k];
        }
    }

    /** torchvision's RandomResizedCrop.get_params: {top, left, height, width}. */
    private static int[] cropBox(int h, int w, SplittableRandom rng) {
        double area = (double) h * w;
        double logLo = Math.log(3.0 / 4), logHi = Math.log(4.0 / 3);
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * (0.08 + rng.nextDouble() * 0.92);
            double ratio = Math.exp(logLo + rng.nextDouble() * (logHi - logLo));
            int cw = (int) Math.round(Math.sqrt(target * ratio));
            int ch = (int) Math.round(Math.sqrt(target / ratio));
            if (cw > 0 && ch > 0 && cw <= w && ch <= h) return new int[] {rng.nextInt(h - ch + 1), rng.nextInt(w - cw + 1), ch, cw};
        }
        double r = (double) w / h;
        int cw = w, ch = h;
        if (r < 3.0 / 4) ch = (int) Math.round(w / (3.0 / 4));
        else if (r > 4.0 / 3) cw = (int) Math.round(h * (4.0 / 3));
        return new int[] {(h - ch) / 2, (w - cw) / 2, ch, cw};
    }

    private void resizeBilinear(byte[] src, int h, int w, int[] box, float[] dst) {
        double sy = (double) box[2] / size, sx = (double) box[3] / size;
        for (int y = 0; y < size; y++) {
            double fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), box[2] - 1);
            int y0 = (int) fy, y1 = Math.min(y0 + 1, box[2] - 1);
            double wy = fy - y0;
            for (int x = 0; x < size; x++) {
                double fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), box[3] - 1);
                int x0 = (int) fx, x1 = Math.min(x0 + 1, box[3] - 1);
                double wx = fx - x0;
                for (int k = 0; k < 3; k++) {
                    double a = px(src, w, box, y0, x0, k), b = px(src, w, box, y0, x1, k);
                    double c = px(src, w, box, y1, x0, k), d = px(src, w, box, y1, x1, k);
                    dst[(y * size + x) * 3 + k] = (float) (((1 - wy) * ((1 - wx) * a + wx * b) + wy * ((1 - wx) * c + wx * d)) / 255.0);
                }
            }
        }
    }

    private static double px(byte[] src, int w, int[] box, int y, int x, int k) {
        return src[((box[0] + y) * w + box[1] + x) * 3 + k] & 0xff;
    }

    private void flip(float[] rgb) {
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size / 2; x++) {
                for (int k = 0; k < 3; k++) {
                    int a = (y * size + x) * 3 + k, b = (y * size + size - 1 - x) * 3 + k;
                    float t = rgb[a];
                    rgb[a] = rgb[b];
                    rgb[b] = t;
                }
            }
        }
    }

    /** ColorJitter: the four adjustments in a random order, each with a factor drawn first. */
    private void jitter(float[] rgb, SplittableRandom rng) {
        float fb = factor(brightness, rng), fc = factor(contrast, rng), fs = factor(saturation, rng);
        float fh = (float) ((rng.nextDouble() * 2 - 1) * hue);
        int[] order = {0, 1, 2, 3};
        for (int i = 3; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        for (int op : order) {
            switch (op) {
                case 0 -> blend(rgb, fb, null);
                case 1 -> {
                    double mean = 0;
                    for (int p = 0; p < rgb.length / 3; p++) mean += gray(rgb, p);
                    float m = (float) (mean / (rgb.length / 3));
                    blend(rgb, fc, new float[] {m});
                }
                case 2 -> {
                    float[] g = new float[rgb.length / 3];
                    for (int p = 0; p < g.length; p++) g[p] = gray(rgb, p);
                    for (int p = 0; p < g.length; p++) {
                        for (int k = 0; k < 3; k++) rgb[p * 3 + k] = clamp(fs * rgb[p * 3 + k] + (1 - fs) * g[p]);
                    }
                }
                default -> shiftHue(rgb, fh);
            }
        }
    }

    private static float factor(float amount, SplittableRandom rng) {
        return (float) (1 - amount + rng.nextDouble() * 2 * amount);
    }

    private static float gray(float[] rgb, int p) {
        return 0.299f * rgb[p * 3] + 0.587f * rgb[p * 3 + 1] + 0.114f * rgb[p * 3 + 2];
    }

    /** x ← clamp(f·x + (1−f)·other), other = 0 (brightness) or the grey mean (contrast). */
    private static void blend(float[] rgb, float f, float[] other) {
        float o = other == null ? 0f : other[0];
        for (int i = 0; i < rgb.length; i++) rgb[i] = clamp(f * rgb[i] + (1 - f) * o);
    }

    private static float clamp(float v) {
        return Math.max(0f, Math.min(1f, v));
    }

    private static void shiftHue(float[] rgb, float shift) {
        if (shift == 0f) return;
        float[] hsv = new float[3];
        for (int p = 0; p < rgb.length / 3; p++) {
            java.awt.Color.RGBtoHSB(Math.round(rgb[p * 3] * 255), Math.round(rgb[p * 3 + 1] * 255), Math.round(rgb[p * 3 + 2] * 255), hsv);
            float hh = hsv[0] + shift;
            hh -= (float) Math.floor(hh);
            int c = java.awt.Color.HSBtoRGB(hh, hsv[1], hsv[2]);
            rgb[p * 3] = ((c >> 16) & 0xff) / 255f;
            rgb[p * 3 + 1] = ((c >> 8) & 0xff) / 255f;
            rgb[p * 3 + 2] = (c & 0xff) / 255f;
        }
    }
}

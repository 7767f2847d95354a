package dev.pcdarts.cli;

import dev.pcdarts.datasets.DataException;
import dev.pcdarts.datasets.DatasetInfo;
import dev.pcdarts.datasets.ImageSet;
import dev.pcdarts.datasets.augment.CifarTransform;
import dev.pcdarts.datasets.augment.ImageNetTransform;
import dev.pcdarts.datasets.augment.SampleTransform;
import dev.pcdarts.datasets.catalog.Datasets;
import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.io.Json;
import dev.pcdarts.nas.eval.EvalNetwork;
import dev.pcdarts.nas.train.EvalTrainer;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** pcdarts predict: the most likely classes of images under a trained network. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Classify PNG or JPEG images with a trained network: the top classes and their probabilities.",
                "Each image is resized (shorter side) and centre-cropped to the data's image size, turned grey for 1-channel data, "
                        + "and normalised with the data's mean and std, as the evaluation transform; the data (the run's, or "
                        + "--data/--dataset) also gives the class names."},
        footer = {"%nExamples:", "  pcdarts predict --run runs/20261129-120000-train shirt.png boot.jpg",
                "  pcdarts predict --checkpoint net.pt --init-channels 36 --layers 20 --dataset cifar10 --top 3 --json cat.png", ExitCodes.HELP})
final class PredictCommand implements Callable<Integer> {
    @Mixin WeightsOptions weights;
    @Option(names = "--top", paramLabel = "K", defaultValue = "5", description = "Classes to print per image (default: ${DEFAULT-VALUE}).") int top;
    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "PNG or JPEG files.") List<Path> images;
    @Mixin DataOptions dataOptions;
    @Mixin CommonOptions common;

    @Override
    public Integer call() throws Exception {
        if (top < 1) throw new UsageException("--top must be at least 1, got " + top);
        WeightsOptions.Resolved w = weights.resolve(dataOptions, 1, false);
        Backend b = common.backend();
        DatasetInfo info;
        try (ImageSet test = RunData.open(() -> Datasets.open(w.data().spec(), false))) {
            info = test.info();
        }
        if (info.classes() != w.cfg().classes() || (!w.cfg().imagenet() && info.channels() != w.cfg().inChannels())) {
            throw new UsageException("the data (" + info.channels() + " channels, " + info.classes() + " classes) does not match the network ("
                    + w.cfg().inChannels() + " channels, " + w.cfg().classes() + " classes): give the data it was trained on");
        }
        EvalNetwork net = new EvalTrainer(b, w.cfg(), List.of()).network();
        w.load(net);
        net.train(false);
        SampleTransform t = w.cfg().imagenet() ? ImageNetTransform.eval(224) : CifarTransform.eval();
        int c = info.channels(), h = t.outHeight(info), wd = t.outWidth(info);
        List<Object> results = new ArrayList<>();
        for (Path image : images) {
            float[] x = new float[c * h * wd];
            t.apply(pixels(image, info), info, x, 0, new java.util.SplittableRandom(0));
            float[] logits = net.logits(x, c, h, wd);
            double[] p = softmax(logits);
            Integer[] order = new Integer[p.length];
            for (int i = 0; i < order.length; i++) order[i] = i;
            java.util.Arrays.sort(order, (i, j) -> Double.compare(p[j], p[i]));
            List<Object> best = new ArrayList<>();
            if (!common.json) Main.out().println(image + ":");
            for (int k = 0; k < Math.min(top, p.length); k++) {
                int i = order[k];
                if (common.json) {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("class", i);
                    e.put("name", info.classNames().get(i));
                    e.put("probability", p[i]);
                    best.add(e);
                } else {
                    Main.out().printf("  %6.2f%%  %d %s%n", 100 * p[i], i, info.classNames().get(i));
                }
            }
            if (common.json) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("image", image.toString());
                r.put("top", best);
                results.add(r);
            }
        }
        if (common.json) Main.out().println(Json.write(Map.of("predictions", results)));
        return ExitCodes.OK;
    }

    private static double[] softmax(float[] z) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (float v : z) max = Math.max(max, v);
        double[] p = new double[z.length];
        for (int i = 0; i < z.length; i++) sum += p[i] = Math.exp(z[i] - max);
        for (int i = 0; i < z.length; i++) p[i] /= sum;
        return p;
    }

    /** HWC bytes of the data's size: shorter side resized bilinearly, centre crop, grey (ITU-R 601 luma) for 1 channel. */
    static byte[] pixels(Path f, DatasetInfo info) {
        BufferedImage img;
        try {
            img = ImageIO.read(f.toFile());
        } catch (IOException | RuntimeException e) {
            throw DataException.of(f, "unreadable image (" + e.getMessage() + ")");
        }
        if (img == null) throw DataException.of(f, "not a readable JPEG or PNG image");
        int sh = info.height(), sw = info.width(), c = info.channels();
        double scale = Math.max((double) sh / img.getHeight(), (double) sw / img.getWidth());
        int rw = Math.max(sw, (int) Math.round(img.getWidth() * scale)), rh = Math.max(sh, (int) Math.round(img.getHeight() * scale));
        BufferedImage resized = new BufferedImage(rw, rh, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = resized.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, rw, rh, null);
        g.dispose();
        int x0 = (rw - sw) / 2, y0 = (rh - sh) / 2;
        byte[] out = new byte[sh * sw * c];
        for (int y = 0; y < sh; y++) {
            for (int x = 0; x < sw; x++) {
                int rgb = resized.getRGB(x0 + x, y0 + y);
                int r = (rgb >> 16) & 0xff, gr = (rgb >> 8) & 0xff, bl = rgb & 0xff;
                int o = (y * sw + x) * c;
                if (c == 1) {
                    out[o] = (byte) Math.round(0.299 * r + 0.587 * gr + 0.114 * bl);
                } else {
                    out[o] = (byte) r;
                    out[o + 1] = (byte) gr;
                    out[o + 2] = (byte) bl;
                }
            }
        }
        return out;
    }
}

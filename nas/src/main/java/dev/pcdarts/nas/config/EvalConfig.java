package dev.pcdarts.nas.config;

import dev.pcdarts.io.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Training of an evaluation network (spec §8). {@link #paperCifar()} is train.py with the
 * paper's flags (--auxiliary --cutout: cutout is the data side's), {@link #paperImageNet()}
 * train_imagenet.py. {@code schedule} is "cosine" or "linear" (the ImageNet schedule with its
 * last five epochs and {@code warmupEpochs} of warm-up).
 */
public record EvalConfig(int epochs, double lr, double lrMin, double momentum, double weightDecay, double gradClip,
                         boolean auxiliary, double auxiliaryWeight, double dropPath, double labelSmoothing,
                         String schedule, int warmupEpochs, int initChannels, int layers, int classes, boolean imagenet,
                         String genotype, long seed, int inChannels) {

    public static EvalConfig paperCifar() {
        return new EvalConfig(600, 0.025, 0.0, 0.9, 3e-4, 5.0, true, 0.4, 0.3, 0.0, "cosine", 0, 36, 20, 10, false,
                "PC_DARTS_cifar", 0, 3);
    }

    /** train.py's defaults (its flags off): 600 epochs, C=36, 20 cells, drop path 0.3, no auxiliary head. */
    public static EvalConfig trainPy() {
        return new EvalConfig(600, 0.025, 0, 0.9, 3e-4, 5, false, 0.4, 0.3, 0, "cosine", 0, 36, 20, 10, false, "PC_DARTS_cifar", 0, 3);
    }

    /**
     * The quick preset of the embedded data: train.py's values with 3 epochs, C=8, 6 cells and
     * drop path 0.2, for the genotype (JSON, a built-in name or a Genotype(...) string) on
     * {@code classes} classes of {@code inChannels}.
     */
    public static EvalConfig quick(String genotype, int classes, int inChannels) {
        EvalConfig t = trainPy();
        return new EvalConfig(3, t.lr, t.lrMin, t.momentum, t.weightDecay, t.gradClip, false, t.auxiliaryWeight, 0.2, 0, t.schedule, 0, 8, 6,
                classes, false, genotype, t.seed, inChannels);
    }

    public static EvalConfig paperImageNet() {
        return new EvalConfig(250, 0.5, 0.0, 0.9, 3e-5, 5.0, true, 0.4, 0.0, 0.1, "linear", 5, 48, 14, 1000, true,
                "PC_DARTS_image", 0, 3);
    }

    public EvalConfig {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        if (lr <= 0 || lrMin < 0) throw new IllegalArgumentException("learning rates must be positive");
        if (momentum < 0 || momentum >= 1) throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        if (weightDecay < 0 || gradClip < 0 || auxiliaryWeight < 0 || warmupEpochs < 0) {
            throw new IllegalArgumentException("weight decay, grad clip, auxiliary weight and warm-up epochs must be >= 0");
        }
        if (dropPath < 0 || dropPath >= 1) throw new IllegalArgumentException("drop-path must be in [0, 1), got " + dropPath);
        if (labelSmoothing < 0 || labelSmoothing >= 1) throw new IllegalArgumentException("label smoothing must be in [0, 1)");
        if (!schedule.equals("cosine") && !schedule.equals("linear")) {
            throw new IllegalArgumentException("schedule must be cosine or linear, got " + schedule);
        }
        if (layers < 3 || initChannels < 1 || classes < 2) throw new IllegalArgumentException("network: layers >= 3, channels >= 1, classes >= 2");
    }

    /** The learning rate of epoch e. */
    public double lrAt(int e) {
        double v;
        if (schedule.equals("cosine")) {
            v = lrMin + (lr - lrMin) * (1 + Math.cos(Math.PI * e / epochs)) / 2;
        } else {
            int main = Math.max(1, epochs - 5);
            v = e < main ? lr * (main - e) / main : lr * (epochs - e) / (main * 5.0);
        }
        if (e < warmupEpochs) v = lr * (e + 1) / warmupEpochs;
        return v;
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epochs", epochs);
        m.put("lr", lr);
        m.put("lr_min", lrMin);
        m.put("momentum", momentum);
        m.put("weight_decay", weightDecay);
        m.put("grad_clip", gradClip);
        m.put("auxiliary", auxiliary);
        m.put("auxiliary_weight", auxiliaryWeight);
        m.put("drop_path", dropPath);
        m.put("label_smoothing", labelSmoothing);
        m.put("schedule", schedule);
        m.put("warmup_epochs", warmupEpochs);
        m.put("init_channels", initChannels);
        m.put("layers", layers);
        m.put("classes", classes);
        m.put("imagenet", imagenet);
        m.put("genotype", genotype);
        m.put("seed", seed);
        m.put("in_channels", inChannels);
        return m;
    }

    /**
     * train.py's values for the network of a state_dict: its genotype (JSON, a built-in name or a
     * Genotype(...) string), channels, cells, auxiliary head, stem, classes and input channels.
     */
    public static EvalConfig forWeights(String genotype, int c, int cells, boolean auxiliary, boolean imagenet, int classes, int inChannels) {
        EvalConfig t = trainPy();
        return new EvalConfig(t.epochs, t.lr, t.lrMin, t.momentum, t.weightDecay, t.gradClip, auxiliary, t.auxiliaryWeight, t.dropPath,
                t.labelSmoothing, t.schedule, t.warmupEpochs, c, cells, classes, imagenet, genotype, t.seed, inChannels);
    }

    public EvalConfig withNetwork(int c, int cells) {
        return new EvalConfig(epochs, lr, lrMin, momentum, weightDecay, gradClip, auxiliary, auxiliaryWeight, dropPath, labelSmoothing,
                schedule, warmupEpochs, c, cells, classes, imagenet, genotype, seed, inChannels);
    }

    public String toJson() {
        return Json.write(toMap());
    }

    /** The inverse of {@link #toMap} (keys beyond these are ignored); a missing or bad value throws IllegalArgumentException naming it. */
    static EvalConfig fromMap(Map<String, Object> m) {
        ConfigReader r = new ConfigReader(m);
        return new EvalConfig(r.integer("epochs"), r.real("lr"), r.real("lr_min"), r.real("momentum"), r.real("weight_decay"),
                r.real("grad_clip"), r.flag("auxiliary"), r.real("auxiliary_weight"), r.real("drop_path"), r.real("label_smoothing"),
                r.text("schedule"), r.integer("warmup_epochs"), r.integer("init_channels"), r.integer("layers"), r.integer("classes"),
                r.flag("imagenet"), r.text("genotype"), r.number("seed").longValue(), r.integer("in_channels"));
    }

    /** The inverse of {@link #toJson}: a JSON object holding these keys, and any others, which are ignored (a run's config.json). */
    public static EvalConfig fromJson(String json) {
        return fromMap(Json.parseObject(json));
    }
}

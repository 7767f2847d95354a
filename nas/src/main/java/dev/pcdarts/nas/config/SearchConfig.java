package dev.pcdarts.nas.config;

import dev.pcdarts.io.Json;
import dev.pcdarts.nas.search.Relaxation;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every hyper-parameter of the search (spec §7, §9); {@link #paper()} gives the CIFAR reference's
 * values, {@link #paperImageNet()} train_search_imagenet.py's. The learning rate follows cosine
 * annealing evaluated at t = epoch index (the original PyTorch 0.3 intent: epoch 0 uses {@code
 * lr}), after {@code warmupEpochs} of linear warm-up. {@code archGradClip} clips the architecture
 * gradient's norm (0 = off: only the ImageNet search clips it), and {@code imagenet} gives the
 * search network the ImageNet stem.
 */
public record SearchConfig(int epochs, double lr, double lrMin, double momentum, double weightDecay, double gradClip,
                           double archLr, double archBeta1, double archBeta2, double archWeightDecay, int beginEpoch,
                           boolean secondOrder, int initChannels, int layers, int classes, int inChannels,
                           Relaxation relaxation, long seed, double archGradClip, int warmupEpochs, boolean imagenet) {

    /** A CIFAR-style search: no warm-up, no architecture clipping, the CIFAR stem. */
    public SearchConfig(int epochs, double lr, double lrMin, double momentum, double weightDecay, double gradClip,
                        double archLr, double archBeta1, double archBeta2, double archWeightDecay, int beginEpoch,
                        boolean secondOrder, int initChannels, int layers, int classes, int inChannels,
                        Relaxation relaxation, long seed) {
        this(epochs, lr, lrMin, momentum, weightDecay, gradClip, archLr, archBeta1, archBeta2, archWeightDecay, beginEpoch, secondOrder,
                initChannels, layers, classes, inChannels, relaxation, seed, 0, 0, false);
    }

    public static SearchConfig paper() {
        return new SearchConfig(50, 0.1, 0.0, 0.9, 3e-4, 5.0, 6e-4, 0.5, 0.999, 1e-3, 15, false, 16, 8, 10, 3,
                Relaxation.PC_DARTS, 2);
    }

    public SearchConfig {
        require(epochs >= 1, "epochs must be at least 1, got " + epochs);
        require(lr > 0 && lrMin >= 0 && lrMin <= lr, "need 0 <= lr_min <= lr, got lr " + lr + " lr_min " + lrMin);
        require(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got " + momentum);
        require(weightDecay >= 0 && archWeightDecay >= 0, "weight decay must be >= 0");
        require(gradClip >= 0, "grad_clip must be >= 0 (0 turns clipping off), got " + gradClip);
        require(archLr > 0, "arch_lr must be positive, got " + archLr);
        require(archBeta1 >= 0 && archBeta1 < 1 && archBeta2 >= 0 && archBeta2 < 1,
                "Adam's beta1 must be in [0, 1), and beta2 too, got " + archBeta1 + " and " + archBeta2);
        require(beginEpoch >= 0, "begin epoch must be >= 0, got " + beginEpoch);
        require(initChannels >= 1 && layers >= 3 && classes >= 2 && inChannels >= 1,
                "network: init channels >= 1, layers >= 3, classes >= 2 (got " + initChannels + ", " + layers + ", " + classes + ")");
        require(initChannels % relaxation.k() == 0, "K=" + relaxation.k() + " must divide the init channels " + initChannels);
        require(archGradClip >= 0, "arch_grad_clip must be >= 0 (0 turns clipping off), got " + archGradClip);
        require(warmupEpochs >= 0 && warmupEpochs <= epochs, "warm-up epochs must be between 0 and the epochs, got " + warmupEpochs);
        require(!imagenet || inChannels == 3, "the ImageNet search needs RGB images, got " + inChannels + " channels");
    }

    /**
     * train_search_imagenet.py: K=2, the ImageNet stem on 224-pixel crops, SGD lr 0.5 (warmed up
     * over 5 epochs when the batch exceeds 256, {@link #withWarmup}), Adam 6e-3 with the
     * architecture gradient clipped at 5, architecture steps from epoch 35, C=16, 8 cells, 1000 classes.
     */
    public static SearchConfig paperImageNet() {
        return new SearchConfig(50, 0.5, 0.0, 0.9, 3e-4, 5.0, 6e-3, 0.5, 0.999, 1e-3, 35, false, 16, 8, 1000, 3,
                new Relaxation(2, Relaxation.Mixing.SHUFFLE, false, true), 2, 5.0, 5, true);
    }

    /** The learning rate of epoch {@code e} under {@code cosine}, the schedule of this configuration. */
    public double lrAt(int e, double cosine) {
        return e < warmupEpochs ? lr * (e + 1) / warmupEpochs : cosine;
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epochs", epochs);
        m.put("lr", lr);
        m.put("lr_min", lrMin);
        m.put("momentum", momentum);
        m.put("weight_decay", weightDecay);
        m.put("grad_clip", gradClip);
        m.put("arch_lr", archLr);
        m.put("arch_betas", java.util.List.of(archBeta1, archBeta2));
        m.put("arch_weight_decay", archWeightDecay);
        m.put("begin_epoch", beginEpoch);
        m.put("order", secondOrder ? 2 : 1);
        m.put("init_channels", initChannels);
        m.put("layers", layers);
        m.put("classes", classes);
        m.put("in_channels", inChannels);
        m.put("k", relaxation.k());
        m.put("mixing", relaxation.mixing().name().toLowerCase(java.util.Locale.ROOT));
        m.put("random_channels", relaxation.randomChannels());
        m.put("edge_norm", relaxation.edgeNorm());
        m.put("seed", seed);
        m.put("arch_grad_clip", archGradClip);
        m.put("warmup_epochs", warmupEpochs);
        m.put("imagenet", imagenet);
        return m;
    }

    public String toJson() {
        return Json.write(toMap());
    }

    /**
     * The inverse of {@link #toMap} (keys beyond these are ignored; those added after the first
     * release take their old meaning when absent); a missing or bad value throws
     * IllegalArgumentException naming it.
     */
    static SearchConfig fromMap(Map<String, Object> m) {
        ConfigReader r = new ConfigReader(m);
        String mixing = r.text("mixing");
        if (!mixing.equals("shuffle") && !mixing.equals("shift")) throw new IllegalArgumentException("'mixing' must be shuffle or shift, got " + mixing);
        Relaxation rel = new Relaxation(r.integer("k"), mixing.equals("shift") ? Relaxation.Mixing.SHIFT : Relaxation.Mixing.SHUFFLE,
                r.flag("random_channels"), r.flag("edge_norm"));
        int order = r.integer("order");
        if (order != 1 && order != 2) throw new IllegalArgumentException("'order' must be 1 or 2, got " + order);
        return new SearchConfig(r.integer("epochs"), r.real("lr"), r.real("lr_min"), r.real("momentum"), r.real("weight_decay"),
                r.real("grad_clip"), r.real("arch_lr"), r.element("arch_betas", 0, 2), r.element("arch_betas", 1, 2),
                r.real("arch_weight_decay"), r.integer("begin_epoch"), order == 2, r.integer("init_channels"), r.integer("layers"),
                r.integer("classes"), r.integer("in_channels"), rel, r.number("seed").longValue(),
                r.realOr("arch_grad_clip", 0), r.integerOr("warmup_epochs", 0), r.flagOr("imagenet", false));
    }

    /** The inverse of {@link #toJson}: a JSON object holding these keys, and any others, which are ignored (a run's config.json). */
    public static SearchConfig fromJson(String json) {
        return fromMap(Json.parseObject(json));
    }

    /**
     * The quick preset of the embedded data: 4 epochs, C=8, 5 cells, architecture steps from
     * epoch 1, the paper's values otherwise, for {@code classes} classes of {@code inChannels}.
     */
    public static SearchConfig quick(int classes, int inChannels) {
        SearchConfig p = paper();
        return new SearchConfig(4, p.lr, p.lrMin, p.momentum, p.weightDecay, p.gradClip, p.archLr, p.archBeta1, p.archBeta2,
                p.archWeightDecay, 1, false, 8, 5, classes, inChannels, p.relaxation, p.seed);
    }

    /**
     * The DARTS reference's search (quark0/darts cnn/train_search.py defaults): K=1, no edge
     * normalisation, SGD lr 0.025 cosine to 0.001, Adam 3e-4 for the architecture from epoch 0,
     * first order (its --unrolled turns on the second order); 16 channels, 8 cells, 50 epochs.
     */
    public static SearchConfig darts() {
        SearchConfig p = paper();
        return new SearchConfig(50, 0.025, 0.001, 0.9, 3e-4, 5.0, 3e-4, 0.5, 0.999, 1e-3, 0, false, 16, 8, p.classes, p.inChannels,
                Relaxation.DARTS, 2);
    }

    public SearchConfig withRelaxation(Relaxation r) {
        return new SearchConfig(epochs, lr, lrMin, momentum, weightDecay, gradClip, archLr, archBeta1, archBeta2, archWeightDecay,
                beginEpoch, secondOrder, initChannels, layers, classes, inChannels, r, seed, archGradClip, warmupEpochs, imagenet);
    }

    public SearchConfig withEpochs(int e) {
        return new SearchConfig(e, lr, lrMin, momentum, weightDecay, gradClip, archLr, archBeta1, archBeta2, archWeightDecay,
                beginEpoch, secondOrder, initChannels, layers, classes, inChannels, relaxation, seed, archGradClip, Math.min(warmupEpochs, e), imagenet);
    }

    public SearchConfig withNetwork(int c, int cells) {
        return new SearchConfig(epochs, lr, lrMin, momentum, weightDecay, gradClip, archLr, archBeta1, archBeta2, archWeightDecay,
                beginEpoch, secondOrder, c, cells, classes, inChannels, relaxation, seed, archGradClip, warmupEpochs, imagenet);
    }

    /** The same search for data of {@code classes} classes and {@code channels} input channels. */
    public SearchConfig forData(int c, int channels) {
        return new SearchConfig(epochs, lr, lrMin, momentum, weightDecay, gradClip, archLr, archBeta1, archBeta2, archWeightDecay,
                beginEpoch, secondOrder, initChannels, layers, c, channels, relaxation, seed, archGradClip, warmupEpochs, imagenet);
    }

    public SearchConfig withSeed(long s) {
        return new SearchConfig(epochs, lr, lrMin, momentum, weightDecay, gradClip, archLr, archBeta1, archBeta2, archWeightDecay,
                beginEpoch, secondOrder, initChannels, layers, classes, inChannels, relaxation, s, archGradClip, warmupEpochs, imagenet);
    }

    /** Linear warm-up over the first {@code n} epochs (train_search_imagenet.py: 5 when the batch exceeds 256, else none). */
    public SearchConfig withWarmup(int n) {
        return new SearchConfig(epochs, lr, lrMin, momentum, weightDecay, gradClip, archLr, archBeta1, archBeta2, archWeightDecay,
                beginEpoch, secondOrder, initChannels, layers, classes, inChannels, relaxation, seed, archGradClip, n, imagenet);
    }
}

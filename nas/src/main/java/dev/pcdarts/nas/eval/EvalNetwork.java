package dev.pcdarts.nas.eval;

import dev.pcdarts.engine.autograd.GradMode;
import dev.pcdarts.engine.nn.BatchNorm2d;
import dev.pcdarts.engine.nn.Conv2d;
import dev.pcdarts.engine.nn.Init;
import dev.pcdarts.engine.nn.Linear;
import dev.pcdarts.engine.nn.Module;
import dev.pcdarts.engine.nn.ModuleList;
import dev.pcdarts.engine.nn.Relu;
import dev.pcdarts.engine.nn.Sequential;
import dev.pcdarts.engine.ops.PoolOps;
import dev.pcdarts.engine.rng.RandomStream;
import dev.pcdarts.engine.tensor.Tensor;
import dev.pcdarts.nas.genotype.Genotype;
import dev.pcdarts.nas.ops.Stems;
import java.util.List;

/**
 * NetworkCIFAR and NetworkImageNet: stem, {@code layers} cells of a genotype (reductions at
 * layers/3 and 2·layers/3), an auxiliary head on the second reduction cell's output (training
 * only), global pooling and a classifier.
 */
public final class EvalNetwork extends Module {
    /** Network shape. {@code imagenet} selects the ImageNet stems, AvgPool(7) and its aux head. */
    public record Config(int c, int classes, int layers, boolean auxiliary, Genotype genotype, boolean imagenet, int inChannels) {
        public Config {
            if (c < 1 || classes < 1 || layers < 3 || inChannels < 1) {
                throw new IllegalArgumentException("eval network: bad shape C=" + c + " layers=" + layers + " input channels=" + inChannels);
            }
        }

        /** RGB input, as the reference. */
        public Config(int c, int classes, int layers, boolean auxiliary, Genotype genotype, boolean imagenet) {
            this(c, classes, layers, auxiliary, genotype, imagenet, 3);
        }
    }

    /** Logits and auxiliary logits (null outside training or without the head). */
    public record Output(Tensor logits, Tensor logitsAux) {}

    private final Config config;
    private final Sequential stem;
    private final Sequential stem0;
    private final Sequential stem1;
    private final ModuleList<EvalCell> cells = new ModuleList<>();
    private final AuxiliaryHead auxiliaryHead;
    private final Linear classifier;
    private final int auxIndex;
    private float dropPathProb;
    private RandomStream dropRng = new RandomStream(0);

    public EvalNetwork(Init init, Config cfg) {
        this.config = cfg;
        int c = cfg.c();
        boolean reductionPrev;
        int cPrevPrev;
        int cPrev;
        int cCurr;
        if (cfg.imagenet()) {
            stem = null;
            stem0 = child("stem0", new Sequential(new Conv2d(init, cfg.inChannels(), c / 2, 3, 2, 1, 1, 1), new BatchNorm2d(init, c / 2, true),
                    new Relu(), new Conv2d(init, c / 2, c, 3, 2, 1, 1, 1), new BatchNorm2d(init, c, true)));
            stem1 = child("stem1", new Sequential(new Relu(), new Conv2d(init, c, c, 3, 2, 1, 1, 1), new BatchNorm2d(init, c, true)));
            cPrevPrev = c;
            cPrev = c;
            cCurr = c;
            reductionPrev = true;
        } else {
            int stemC = 3 * c;
            stem = child("stem", new Sequential(new Conv2d(init, cfg.inChannels(), stemC, 3, 1, 1, 1, 1), new BatchNorm2d(init, stemC, true)));
            stem0 = null;
            stem1 = null;
            cPrevPrev = stemC;
            cPrev = stemC;
            cCurr = c;
            reductionPrev = false;
        }
        child("cells", cells);
        int auxC = 0;
        auxIndex = 2 * cfg.layers() / 3;
        for (int i = 0; i < cfg.layers(); i++) {
            boolean reduction = i == cfg.layers() / 3 || i == 2 * cfg.layers() / 3;
            if (reduction) cCurr *= 2;
            EvalCell cell = cells.add(new EvalCell(init, cfg.genotype(), cPrevPrev, cPrev, cCurr, reduction, reductionPrev));
            reductionPrev = reduction;
            cPrevPrev = cPrev;
            cPrev = cell.multiplier() * cCurr;
            if (i == auxIndex) auxC = cPrev;
        }
        auxiliaryHead = cfg.auxiliary() ? child("auxiliary_head",
                cfg.imagenet() ? AuxiliaryHead.imagenet(init, auxC, cfg.classes()) : AuxiliaryHead.cifar(init, auxC, cfg.classes())) : null;
        classifier = child("classifier", new Linear(init, cPrev, cfg.classes()));
    }

    public Config config() {
        return config;
    }

    /** The CIFAR stem (null for ImageNet). */
    public Sequential stem() {
        return stem;
    }

    /** The ImageNet stems (null for CIFAR). */
    public Sequential stem0() {
        return stem0;
    }

    public Sequential stem1() {
        return stem1;
    }

    public List<EvalCell> cells() {
        return cells.items();
    }

    public Linear classifier() {
        return classifier;
    }

    /** Sets the drop-path probability used by the next forward passes, and its stream. */
    public void setDropPath(float prob, RandomStream rng) {
        this.dropPathProb = prob;
        this.dropRng = rng;
    }

    /** The logits of one normalised CHW image in evaluation mode, with no autograd tape (prediction); the mode is restored. */
    public float[] logits(float[] image, int channels, int height, int width) {
        Tensor any = namedParameters().values().iterator().next();
        return logits(Tensor.of(any.backend(), image, 1, channels, height, width));
    }

    /** The logits of a batch in evaluation mode, with no autograd tape (prediction, inference); the mode is restored. */
    public float[] logits(Tensor x) {
        boolean training = isTraining();
        train(false);
        try (var noGrad = GradMode.noGrad()) {
            return forward(x).logits().toArray();
        } finally {
            train(training);
        }
    }

    public Output forward(Tensor x) {
        Tensor[] states = Stems.states(stem, stem0, stem1, x);
        Tensor s0 = states[0];
        Tensor s1 = states[1];
        Tensor aux = null;
        for (int i = 0; i < cells.size(); i++) {
            Tensor out = cells.get(i).forward(s0, s1, dropPathProb, dropRng);
            s0 = s1;
            s1 = out;
            if (i == auxIndex && auxiliaryHead != null && isTraining()) {
                // The head pools 5x5 to 2x2 and its 2x2 convolution must leave 1x1 for the 768-wide classifier.
                int stride = config.imagenet() ? 2 : 3;
                if ((s1.dim(2) - 5) / stride + 1 != 2 || (s1.dim(3) - 5) / stride + 1 != 2 || s1.dim(2) < 5 || s1.dim(3) < 5) {
                    throw new IllegalArgumentException("the auxiliary head needs " + (config.imagenet() ? "7x7" : "8x8") + " maps, but cell " + i
                            + " gives " + s1.dim(2) + "x" + s1.dim(3) + ": use " + (config.imagenet() ? "224x224" : "32x32")
                            + " images or turn the auxiliary head off");
                }
                aux = auxiliaryHead.forward(s1);
            }
        }
        Tensor pooled;
        if (config.imagenet()) {
            if (s1.dim(2) != 7 || s1.dim(3) != 7) {
                throw new IllegalArgumentException("NetworkImageNet needs 224x224 inputs (final maps 7x7), got final maps "
                        + s1.dim(2) + "x" + s1.dim(3));
            }
            pooled = PoolOps.avgPool(s1, 7, 7, 0);
        } else {
            pooled = PoolOps.globalAvgPool(s1);
        }
        return new Output(classifier.forward(pooled), aux);
    }

    /** Parameters excluding the auxiliary head, as the reference's count_parameters_in_MB counts. */
    public long parameterCountWithoutAuxiliary() {
        long n = 0;
        for (var e : namedParameters().entrySet()) if (!e.getKey().contains("auxiliary")) n += e.getValue().numel();
        return n;
    }
}

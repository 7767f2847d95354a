package dev.pcdarts.nas.search;

import dev.pcdarts.engine.nn.BatchNorm2d;
import dev.pcdarts.engine.nn.Conv2d;
import dev.pcdarts.engine.nn.Init;
import dev.pcdarts.engine.nn.Linear;
import dev.pcdarts.engine.nn.Module;
import dev.pcdarts.engine.nn.ModuleList;
import dev.pcdarts.engine.nn.Relu;
import dev.pcdarts.engine.nn.Sequential;
import dev.pcdarts.engine.ops.LossOps;
import dev.pcdarts.engine.ops.PoolOps;
import dev.pcdarts.engine.rng.RandomStream;
import dev.pcdarts.engine.tensor.Tensor;
import dev.pcdarts.nas.genotype.Genotype;
import dev.pcdarts.nas.genotype.GenotypeDerivation;
import dev.pcdarts.nas.ops.Primitive;
import dev.pcdarts.nas.ops.Stems;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The search supernet: stem, {@code layers} search cells (reductions at layers/3 and
 * 2·layers/3), global pooling and a linear classifier, plus the architecture parameters
 * (alphas and betas of normal and reduction cells), which are not module parameters.
 */
public final class SearchNetwork extends Module {
    /** The network's shape; {@link #cifar} gives the reference's CIFAR search network. */
    public record Config(int c, int classes, int layers, int steps, int multiplier, int stemMultiplier,
                         Relaxation relaxation, boolean imagenetStem, int inChannels) {
        public static Config cifar(int c, int classes, int layers, Relaxation relaxation) {
            return new Config(c, classes, layers, 4, 4, 3, relaxation, false, 3);
        }

        public Config {
            if (c < 1 || classes < 1 || layers < 1 || steps < 1 || multiplier < 1 || multiplier > steps) {
                throw new IllegalArgumentException("search network: bad shape C=" + c + " classes=" + classes + " layers=" + layers);
            }
        }
    }

    private final Config config;
    private final List<Primitive> primitives = Primitive.SEARCH_SPACE;
    private final Sequential stem;
    private final Sequential stem0;
    private final Sequential stem1;
    private final ModuleList<SearchCell> cells = new ModuleList<>();
    private final Linear classifier;
    private final Tensor alphasNormal;
    private final Tensor alphasReduce;
    private final Tensor betasNormal;
    private final Tensor betasReduce;

    /**
     * @param archInit the stream the architecture parameters are drawn from (1e-3·N(0,1))
     * @param sampler  the channel-sampling stream (random channel selection only)
     */
    public SearchNetwork(Init init, RandomStream archInit, RandomStream sampler, Config cfg) {
        this.config = cfg;
        int cCurr = cfg.stemMultiplier() * cfg.c();
        boolean reductionPrev;
        int cPrevPrev;
        int cPrev;
        if (cfg.imagenetStem()) {
            stem = null;
            stem0 = child("stem0", new Sequential(new Conv2d(init, cfg.inChannels(), cfg.c() * 3 / 2, 3, 2, 1, 1, 1),
                    new BatchNorm2d(init, cfg.c() * 3 / 2, true), new Relu(),
                    new Conv2d(init, cfg.c() * 3 / 2, cCurr, 3, 2, 1, 1, 1), new BatchNorm2d(init, cCurr, true)));
            stem1 = child("stem1", new Sequential(new Relu(), new Conv2d(init, cCurr, cCurr, 3, 2, 1, 1, 1),
                    new BatchNorm2d(init, cCurr, true)));
            reductionPrev = true;
        } else {
            stem = child("stem", new Sequential(new Conv2d(init, cfg.inChannels(), cCurr, 3, 1, 1, 1, 1),
                    new BatchNorm2d(init, cCurr, true)));
            stem0 = null;
            stem1 = null;
            reductionPrev = false;
        }
        cPrevPrev = cCurr;
        cPrev = cCurr;
        cCurr = cfg.c();
        child("cells", cells);
        for (int i = 0; i < cfg.layers(); i++) {
            boolean reduction = isReduction(i, cfg.layers());
            if (reduction) cCurr *= 2;
            cells.add(new SearchCell(init, cfg.steps(), cfg.multiplier(), cPrevPrev, cPrev, cCurr, reduction, reductionPrev,
                    cfg.relaxation(), primitives, sampler));
            reductionPrev = reduction;
            cPrevPrev = cPrev;
            cPrev = cfg.multiplier() * cCurr;
        }
        classifier = child("classifier", new Linear(init, cPrev, cfg.classes()));
        int edges = edgeCount(cfg.steps());
        alphasNormal = archParam(init, archInit, edges, primitives.size());
        alphasReduce = archParam(init, archInit, edges, primitives.size());
        betasNormal = archParam(init, archInit, edges);
        betasReduce = archParam(init, archInit, edges);
    }

    static boolean isReduction(int i, int layers) {
        return i == layers / 3 || i == 2 * layers / 3;
    }

    public static int edgeCount(int steps) {
        return steps * (steps + 3) / 2;
    }

    private static Tensor archParam(Init init, RandomStream rng, int... shape) {
        Tensor t = Tensor.zeros(init.backend(), shape);
        float[] v = new float[t.size()];
        for (int i = 0; i < v.length; i++) v[i] = (float) (1e-3 * rng.nextGaussian());
        t.copyFrom(v);
        return t.requiresGrad(true);
    }

    public Config config() {
        return config;
    }

    /** alphas_normal, alphas_reduce, betas_normal, betas_reduce, by the reference's names. */
    public Map<String, Tensor> archParameters() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("alphas_normal", alphasNormal);
        m.put("alphas_reduce", alphasReduce);
        m.put("betas_normal", betasNormal);
        m.put("betas_reduce", betasReduce);
        return m;
    }

    /** The edges per intermediate node (2, 3, 4, ... inputs): the groups edge normalisation softmaxes over. */
    public int[] segments() {
        int[] s = new int[config.steps()];
        for (int i = 0; i < s.length; i++) s[i] = i + 2;
        return s;
    }

    /** Logits for a batch [N, C, H, W]. */
    public Tensor forward(Tensor x) {
        Tensor wn = LossOps.softmax(alphasNormal);
        Tensor wr = LossOps.softmax(alphasReduce);
        boolean en = config.relaxation().edgeNorm();
        Tensor bn = en ? LossOps.segmentSoftmax(betasNormal, segments()) : null;
        Tensor br = en ? LossOps.segmentSoftmax(betasReduce, segments()) : null;
        Tensor[] states = Stems.states(stem, stem0, stem1, x);
        Tensor s0 = states[0];
        Tensor s1 = states[1];
        for (SearchCell cell : cells.items()) {
            Tensor out = cell.reduction() ? cell.forward(s0, s1, wr, br) : cell.forward(s0, s1, wn, bn);
            s0 = s1;
            s1 = out;
        }
        return classifier.forward(PoolOps.globalAvgPool(s1));
    }

    /** The genotype the current alphas and betas derive (reference §5). */
    public Genotype genotype() {
        List<Integer> concat = new ArrayList<>();
        for (int i = 2 + config.steps() - config.multiplier(); i < config.steps() + 2; i++) concat.add(i);
        return new Genotype(derive(alphasNormal, betasNormal), concat, derive(alphasReduce, betasReduce), concat);
    }

    private List<Genotype.Edge> derive(Tensor alphas, Tensor betas) {
        float[] w = LossOps.softmax(alphas.detachCopy()).toArray();
        int edges = alphas.dim(0);
        int ops = alphas.dim(1);
        float[][] rows = new float[edges][ops];
        for (int e = 0; e < edges; e++) System.arraycopy(w, e * ops, rows[e], 0, ops);
        float[] b;
        if (config.relaxation().edgeNorm()) {
            b = LossOps.segmentSoftmax(betas.detachCopy(), segments()).toArray();
        } else {
            b = new float[edges];
            java.util.Arrays.fill(b, 1f);
        }
        return GenotypeDerivation.parse(rows, b, config.steps(), primitives);
    }
}

package dev.pcdarts.nas.train;

import dev.pcdarts.engine.autograd.Recompute;
import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.nn.Init;
import dev.pcdarts.engine.ops.LossOps;
import dev.pcdarts.engine.optim.Adam;
import dev.pcdarts.engine.optim.CosineAnnealing;
import dev.pcdarts.engine.optim.Sgd;
import dev.pcdarts.engine.rng.RandomStream;
import dev.pcdarts.engine.rng.Rng;
import dev.pcdarts.engine.tensor.Tensor;
import dev.pcdarts.nas.genotype.Genotype;
import dev.pcdarts.nas.search.SearchNetwork;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The search loop (reference train_search.py): per epoch the cosine learning rate, one
 * {@link SearchStep} per training batch with the validation batches cycled alongside (arch steps
 * from {@code beginEpoch}), the derived genotype and the architecture weights; the validation
 * pass after the last epoch; a checkpoint after every epoch.
 */
public final class SearchTrainer {
    public static final String KIND = "search";

    /** The outcome: the final genotype and the last epoch's figures. */
    public record Result(Genotype genotype, TrainListener.EpochStats last) {}

    private final Backend backend;
    private final SearchConfig cfg;
    private final List<TrainListener> listeners;
    private final SearchNetwork net;
    private final Sgd sgd;
    private final Adam adam;
    private final SearchStep step;
    private final RandomStream sampler;
    private final CosineAnnealing schedule;
    private int nextEpoch;
    private int nextStep;
    private double[] resumedMeters;
    private java.util.function.BooleanSupplier stopRequested = () -> false;
    private boolean recomputeActivations = true;

    public SearchTrainer(Backend backend, SearchConfig cfg, List<TrainListener> listeners) {
        this.backend = backend;
        this.cfg = cfg;
        this.listeners = List.copyOf(listeners);
        Rng rng = new Rng(cfg.seed());
        this.sampler = rng.stream("channel-sampling");
        SearchNetwork.Config nc = new SearchNetwork.Config(cfg.initChannels(), cfg.classes(), cfg.layers(), 4, 4, 3,
                cfg.relaxation(), false, cfg.inChannels());
        this.net = new SearchNetwork(new Init(backend, rng.stream("init")), rng.stream("arch-init"), sampler, nc);
        this.sgd = new Sgd(new ArrayList<>(net.namedParameters().values()), (float) cfg.lr(), (float) cfg.momentum(), (float) cfg.weightDecay());
        this.adam = new Adam(new ArrayList<>(net.archParameters().values()), (float) cfg.archLr(), (float) cfg.archBeta1(),
                (float) cfg.archBeta2(), 1e-8f, (float) cfg.archWeightDecay());
        Architect architect = new Architect(net, adam, cfg.secondOrder(), (float) cfg.momentum(), (float) cfg.weightDecay());
        this.step = new SearchStep(net, sgd, architect, cfg.gradClip());
        this.schedule = new CosineAnnealing(cfg.lr(), cfg.lrMin(), cfg.epochs());
    }

    public SearchNetwork network() {
        return net;
    }

    public int nextEpoch() {
        return nextEpoch;
    }

    /**
     * Whether the search step recomputes its cells' nodes in backward ({@link Recompute#block}, the
     * default: a node keeps only its inputs, and backward runs it again one node at a time; the
     * candidates' outputs, eight per edge, are most of the search's memory: at batch 64 the live
     * set peaks at 238 MB instead of 1.39 GB) or keeps every activation for backward (about as
     * fast on this machine, twice the RSS).
     */
    public SearchTrainer recomputeActivations(boolean recompute) {
        this.recomputeActivations = recompute;
        return this;
    }

    /** Checked after every step; when it says so the loop saves a mid-epoch checkpoint and stops. */
    public void setStopRequested(java.util.function.BooleanSupplier stop) {
        this.stopRequested = stop;
    }

    public Result run(BatchSource train, BatchSource val, Path checkpoint) throws IOException {
        listeners.forEach(l -> l.onStart(cfg.epochs(), train.batchesPerEpoch(), nextEpoch));
        TrainListener.EpochStats last = null;
        for (int e = nextEpoch; e < cfg.epochs(); e++) {
            long t0 = System.nanoTime();
            float lr = (float) schedule.lr(e);
            sgd.setLr(lr);
            Metrics.Mean loss = new Metrics.Mean();
            Metrics.Mean top1 = new Metrics.Mean();
            Metrics.Mean top5 = new Metrics.Mean();
            Iterator<HostBatch> valIt = val.epoch(e);
            int s = 0;
            int steps = train.batchesPerEpoch();
            Iterator<HostBatch> it = train.epoch(e);
            if (e == nextEpoch && nextStep > 0) { // resuming inside an epoch: the same batches, already used, are skipped
                for (; s < nextStep && it.hasNext(); s++) {
                    it.next();
                    if (!valIt.hasNext()) valIt = val.epoch(e);
                    valIt.next();
                }
                loss.add(resumedMeters[0] / resumedMeters[3], (int) resumedMeters[3]);
                top1.add(resumedMeters[1] / resumedMeters[3], (int) resumedMeters[3]);
                top5.add(resumedMeters[2] / resumedMeters[3], (int) resumedMeters[3]);
            }
            for (; it.hasNext(); s++) {
                long ts = System.nanoTime();
                HostBatch hb = it.next();
                if (!valIt.hasNext()) valIt = val.epoch(e); // cycle the validation half, like the V100 branch
                backend.markStep(); // from here to the next mark: one search step, memory planned by the backend
                SearchStep.Result r;
                try (var mode = Recompute.set(recomputeActivations)) {
                    r = step.run(hb.toDevice(backend), valIt.next().toDevice(backend), e >= cfg.beginEpoch());
                }
                float[] logits = r.logits().toArray();
                double a1 = 100.0 * Metrics.correctTopK(logits, hb.y(), cfg.classes(), 1) / hb.n();
                double a5 = 100.0 * Metrics.correctTopK(logits, hb.y(), cfg.classes(), Math.min(5, cfg.classes())) / hb.n();
                loss.add(r.loss(), hb.n());
                top1.add(a1, hb.n());
                top5.add(a5, hb.n());
                var st = new TrainListener.StepStats(e, s, steps, r.loss(), a1, a5, hb.n(), (System.nanoTime() - ts) / 1e9);
                listeners.forEach(l -> l.onStep(st));
                if (stopRequested.getAsBoolean() && it.hasNext()) {
                    nextEpoch = e;
                    nextStep = s + 1;
                    resumedMeters = new double[] {loss.mean() * loss.count(), top1.mean() * top1.count(), top5.mean() * top5.count(), loss.count()};
                    if (checkpoint != null) save(checkpoint);
                    throw new RunInterruptedException(checkpoint);
                }
            }
            Evaluation.Result valid = e == cfg.epochs() - 1
                    ? Evaluation.run(backend, net, net::forward, val, e, cfg.classes()) : null;
            nextEpoch = e + 1;
            nextStep = 0;
            if (checkpoint != null) {
                save(checkpoint);
                int ne = nextEpoch;
                listeners.forEach(l -> l.onCheckpoint(checkpoint, ne));
            }
            last = new TrainListener.EpochStats(e, cfg.epochs(), lr, loss.mean(), top1.mean(), top5.mean(),
                    valid == null ? Double.NaN : valid.loss(), valid == null ? Double.NaN : valid.top1(),
                    valid == null ? Double.NaN : valid.top5(), (System.nanoTime() - t0) / 1e9,
                    net.genotype().toReferenceString(), archWeights());
            TrainListener.EpochStats done = last;
            listeners.forEach(l -> l.onEpoch(done));
        }
        TrainListener.EpochStats fin = last;
        listeners.forEach(l -> l.onFinish(fin));
        return new Result(net.genotype(), last);
    }

    /** Softmaxed alphas and edge-normalised (or raw) betas, by the reference's names. */
    public Map<String, float[]> archWeights() {
        Map<String, float[]> m = new LinkedHashMap<>();
        for (var e : net.archParameters().entrySet()) {
            Tensor t = e.getValue().detachCopy();
            if (e.getKey().startsWith("alphas")) {
                m.put(e.getKey(), LossOps.softmax(t).toArray());
            } else if (cfg.relaxation().edgeNorm()) {
                int[] seg = new int[4];
                for (int i = 0; i < 4; i++) seg[i] = i + 2;
                m.put(e.getKey(), LossOps.segmentSoftmax(t, seg).toArray());
            } else {
                m.put(e.getKey(), t.toArray());
            }
        }
        return m;
    }

    private Map<String, Tensor> stateTensors() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        net.namedParameters().forEach((k, v) -> m.put("model." + k, v));
        net.archParameters().forEach((k, v) -> m.put("arch." + k, v));
        net.namedBuffers().forEach((k, v) -> m.put("buffer." + k, v));
        return m;
    }

    /** Writes the whole state (atomically) so that {@link #resume} continues bit-identically. */
    public void save(Path file) throws IOException {
        Map<String, Tensor> t = stateTensors();
        sgd.state().forEach((k, v) -> t.put("optim.sgd." + k, v));
        adam.state().forEach((k, v) -> t.put("optim.adam." + k, v));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("next_epoch", Integer.toString(nextEpoch));
        meta.put("next_step", Integer.toString(nextStep));
        if (nextStep > 0) meta.put("meters", java.util.Arrays.toString(resumedMeters));
        meta.put("channel_sampling_state", Long.toString(sampler.state()));
        adam.counters().forEach((k, v) -> meta.put("adam." + k, Long.toString(v)));
        Checkpoint.save(file, KIND, cfg.toJson(), t, meta);
    }

    /** Restores a checkpoint written by {@link #save} for the same configuration. */
    public void resume(Path file) throws IOException {
        java.util.Set<String> names = Checkpoint.names(file);
        Map<String, Tensor> optional = new LinkedHashMap<>();
        Map<String, Tensor> sgdState = Checkpoint.optimizerSlots(names, "optim.sgd.", sgd.params(), optional, "momentum");
        Map<String, Tensor> adamState = Checkpoint.optimizerSlots(names, "optim.adam.", adam.params(), optional, "exp_avg", "exp_avg_sq");
        Map<String, String> meta = Checkpoint.load(file, KIND, cfg.toJson(), stateTensors(), optional);
        sgd.load(sgdState, Map.of());
        Map<String, Long> counters = new LinkedHashMap<>();
        meta.forEach((k, v) -> {
            if (k.startsWith("adam.")) counters.put(k.substring(5), Long.parseLong(v));
        });
        adam.load(adamState, counters);
        sampler.setState(Long.parseLong(meta.get("channel_sampling_state")));
        nextEpoch = Integer.parseInt(meta.get("next_epoch"));
        nextStep = Integer.parseInt(meta.getOrDefault("next_step", "0"));
        if (nextStep > 0) {
            String[] m = meta.get("meters").replaceAll("[\\[\\] ]", "").split(",");
            resumedMeters = new double[m.length];
            for (int i = 0; i < m.length; i++) resumedMeters[i] = Double.parseDouble(m[i]);
        }
    }
}

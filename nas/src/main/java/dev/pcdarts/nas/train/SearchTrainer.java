package dev.pcdarts.nas.train;

import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.nn.Init;
import dev.pcdarts.engine.ops.LossOps;
import dev.pcdarts.engine.optim.Adam;
import dev.pcdarts.engine.optim.CosineAnnealing;
import dev.pcdarts.engine.optim.Sgd;
import dev.pcdarts.engine.rng.RandomStream;
import dev.pcdarts.engine.rng.Rng;
import dev.pcdarts.engine.tensor.Tensor;
import dev.pcdarts.nas.config.SearchConfig;
import dev.pcdarts.nas.genotype.Genotype;
import dev.pcdarts.nas.loop.BatchSource;
import dev.pcdarts.nas.loop.Checkpoint;
import dev.pcdarts.nas.loop.EpochLoop;
import dev.pcdarts.nas.loop.Evaluation;
import dev.pcdarts.nas.loop.GradientExchange;
import dev.pcdarts.nas.loop.HostBatch;
import dev.pcdarts.nas.loop.LoopJob;
import dev.pcdarts.nas.loop.ReplicaGroup;
import dev.pcdarts.nas.loop.StepScope;
import dev.pcdarts.nas.loop.TrainListener;
import dev.pcdarts.nas.search.SearchNetwork;
import dev.pcdarts.nas.strategy.Architect;
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
public final class SearchTrainer implements LoopJob {
    public static final String KIND = "search";

    /** The outcome: the final genotype and the last epoch's figures. */
    public record Result(Genotype genotype, TrainListener.EpochStats last) {}

    private final Backend backend;
    private final SearchConfig cfg;
    private final SearchNetwork net;
    private final Sgd sgd;
    private final Adam adam;
    private final SearchStep step;
    private final RandomStream sampler;
    private final CosineAnnealing schedule;
    private final EpochLoop loop;
    private final Architect architect;
    private ReplicaGroup replicas = ReplicaGroup.SINGLE;
    private BatchSource val;
    private Iterator<HostBatch> valIt;
    private boolean recomputeActivations = true;

    public SearchTrainer(Backend backend, SearchConfig cfg, List<TrainListener> listeners) {
        this.backend = backend;
        this.cfg = cfg;
        Rng rng = new Rng(cfg.seed());
        this.sampler = rng.stream("channel-sampling");
        SearchNetwork.Config nc = new SearchNetwork.Config(cfg.initChannels(), cfg.classes(), cfg.layers(), 4, 4, 3,
                cfg.relaxation(), cfg.imagenet(), cfg.inChannels());
        this.net = new SearchNetwork(new Init(backend, rng.stream("init")), rng.stream("arch-init"), sampler, nc);
        this.sgd = new Sgd(new ArrayList<>(net.namedParameters().values()), (float) cfg.lr(), (float) cfg.momentum(), (float) cfg.weightDecay());
        this.adam = new Adam(new ArrayList<>(net.archParameters().values()), (float) cfg.archLr(), (float) cfg.archBeta1(),
                (float) cfg.archBeta2(), 1e-8f, (float) cfg.archWeightDecay());
        this.architect = new Architect(net, adam, cfg.secondOrder(), (float) cfg.momentum(), (float) cfg.weightDecay(), cfg.archGradClip());
        this.step = new SearchStep(net, sgd, architect, cfg.gradClip());
        this.schedule = new CosineAnnealing(cfg.lr(), cfg.lrMin(), cfg.epochs());
        this.loop = new EpochLoop(backend, this, listeners);
    }

    public SearchNetwork network() {
        return net;
    }

    public int nextEpoch() {
        return loop.nextEpoch();
    }

    /**
     * Makes this search one of data-parallel replicas: it steps on its shard of every global batch
     * (weights' and architecture's) and averages the weight and architecture gradients with the
     * others before each optimiser step. First order only: the unrolled second-order step needs
     * three exchanges inside the architect and is refused.
     */
    public SearchTrainer replicas(ReplicaGroup group) {
        if (group.size() > 1 && cfg.secondOrder()) {
            throw new IllegalArgumentException("second-order search (--order 2) cannot run on " + group.size()
                    + " replicas: data-parallel search is first order only");
        }
        this.replicas = group;
        GradientExchange exchange = new GradientExchange(group);
        step.setExchange(exchange);
        architect.setExchange(exchange);
        loop.setReplicas(group);
        return this;
    }

    /** Also writes a checkpoint after every {@code steps} steps inside an epoch (0: at epoch ends only). */
    public void setCheckpointEvery(int steps) {
        loop.setCheckpointEvery(steps);
    }

    /**
     * Whether the search step recomputes its cells' nodes in backward (the cells' recompute blocks, the
     * default: a node keeps only its inputs, and backward runs it again one node at a time; the
     * candidates' outputs, eight per edge, are most of the search's memory, so this cuts the peak
     * live set several times over) or keeps every activation for backward (no faster, twice the
     * RSS; bench/README.md has the figures).
     */
    public SearchTrainer recomputeActivations(boolean recompute) {
        this.recomputeActivations = recompute;
        return this;
    }

    /** Checked after every step; when it says so the loop saves a mid-epoch checkpoint and stops. */
    public void setStopRequested(java.util.function.BooleanSupplier stop) {
        loop.setStopRequested(stop);
    }

    public Result run(BatchSource train, BatchSource val, Path checkpoint) throws IOException {
        this.val = val;
        TrainListener.EpochStats last = loop.run(train, checkpoint);
        return new Result(net.genotype(), last);
    }

    @Override
    public int epochs() {
        return cfg.epochs();
    }

    @Override
    public int classes() {
        return cfg.classes();
    }

    @Override
    public double beginEpoch(int epoch) {
        float lr = (float) cfg.lrAt(epoch, schedule.lr(epoch));
        sgd.setLr(lr);
        valIt = val.epoch(epoch);
        return lr;
    }

    /** The validation half is cycled alongside the training batches, like the reference's V100 branch. */
    private HostBatch nextValidation(int epoch) {
        if (!valIt.hasNext()) valIt = val.epoch(epoch);
        return valIt.next().shard(replicas.rank(), replicas.size());
    }

    @Override
    public void skipStep(int epoch, int step) {
        nextValidation(epoch);
    }

    @Override
    public boolean recomputeActivations() {
        return recomputeActivations;
    }

    @Override
    public StepResult step(int epoch, int stepIndex, HostBatch batch) {
        return stepOn(batch, nextValidation(epoch), epoch);
    }

    private StepResult stepOn(HostBatch train, HostBatch validation, int epoch) {
        SearchStep.Result r = step.run(train.toDevice(backend), validation.toDevice(backend), epoch >= cfg.beginEpoch());
        return new StepResult(r.loss(), r.logits().toArray());
    }

    /**
     * One search step on given batches at epoch {@code epoch}'s learning rate, outside the epoch
     * loop but under its step policy: what {@code pcdarts bench search} times.
     */
    public StepResult stepOnce(HostBatch train, HostBatch validation, int epoch) {
        sgd.setLr((float) cfg.lrAt(epoch, schedule.lr(epoch)));
        try (StepScope scope = StepScope.open(backend, recomputeActivations)) {
            return stepOn(train, validation, epoch);
        }
    }

    @Override
    public Evaluation.Result validate(int epoch) {
        return epoch == cfg.epochs() - 1 ? Evaluation.run(backend, net, net::forward, val, epoch, cfg.classes()) : null;
    }

    @Override
    public String genotype() {
        return net.genotype().toReferenceString();
    }

    /** Softmaxed alphas and edge-normalised (or raw) betas, by the reference's names. */
    @Override
    public Map<String, float[]> archWeights() {
        Map<String, float[]> m = new LinkedHashMap<>();
        for (var e : net.archParameters().entrySet()) {
            Tensor t = e.getValue().detachCopy();
            if (e.getKey().startsWith("alphas")) {
                m.put(e.getKey(), LossOps.softmax(t).toArray());
            } else if (cfg.relaxation().edgeNorm()) {
                m.put(e.getKey(), LossOps.segmentSoftmax(t, net.segments()).toArray());
            } else {
                m.put(e.getKey(), t.toArray());
            }
        }
        return m;
    }

    private Map<String, Tensor> stateTensors() {
        Map<String, Tensor> m = Checkpoint.moduleState(net);
        net.archParameters().forEach((k, v) -> m.put("arch." + k, v));
        return m;
    }

    /** Writes the whole state (atomically) so that {@link #resume} continues bit-identically. */
    public void save(Path file) throws IOException {
        loop.save(file);
    }

    @Override
    public void save(Path file, Map<String, String> loopMeta) throws IOException {
        Map<String, Tensor> t = stateTensors();
        sgd.state().forEach((k, v) -> t.put("optim.sgd." + k, v));
        adam.state().forEach((k, v) -> t.put("optim.adam." + k, v));
        Map<String, String> meta = new LinkedHashMap<>(loopMeta);
        meta.put("channel_sampling_state", Long.toString(sampler.state()));
        adam.counters().forEach((k, v) -> meta.put("adam." + k, Long.toString(v)));
        Checkpoint.save(file, KIND, cfg.toJson(), t, meta);
    }

    /** Continues from a checkpoint written by {@link #save} for the same configuration. */
    public void resume(Path file) throws IOException {
        loop.resume(file);
    }

    @Override
    public Map<String, String> restore(Path file) throws IOException {
        java.util.Set<String> names = Checkpoint.names(file);
        Map<String, Tensor> optional = new LinkedHashMap<>();
        Map<String, Tensor> sgdState = Checkpoint.optimizerSlots(names, "optim.sgd.", sgd.params(), optional, "momentum");
        Map<String, Tensor> adamState = Checkpoint.optimizerSlots(names, "optim.adam.", adam.params(), optional, "exp_avg", "exp_avg_sq");
        Map<String, String> meta = Checkpoint.load(file, KIND, cfg.toJson(), stateTensors(), optional);
        sgd.load(sgdState, Map.of());
        Map<String, Long> counters = new LinkedHashMap<>();
        try {
            meta.forEach((k, v) -> {
                if (k.startsWith("adam.")) counters.put(k.substring(5), Long.parseLong(v));
            });
            sampler.setState(Long.parseLong(meta.get("channel_sampling_state")));
        } catch (RuntimeException e) {
            throw new IOException(file + ": damaged optimiser or sampler state in the checkpoint's metadata (" + e.getMessage() + ")");
        }
        adam.load(adamState, counters);
        return meta;
    }
}

package dev.pcdarts.nas.train;

import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.nn.Init;
import dev.pcdarts.engine.ops.ArithOps;
import dev.pcdarts.engine.ops.LossOps;
import dev.pcdarts.engine.optim.GradClip;
import dev.pcdarts.engine.optim.Sgd;
import dev.pcdarts.engine.rng.RandomStream;
import dev.pcdarts.engine.rng.Rng;
import dev.pcdarts.engine.tensor.Tensor;
import dev.pcdarts.nas.config.EvalConfig;
import dev.pcdarts.nas.eval.EvalNetwork;
import dev.pcdarts.nas.eval.StateDict;
import dev.pcdarts.nas.genotype.Genotypes;
import dev.pcdarts.nas.loop.Batch;
import dev.pcdarts.nas.loop.BatchSource;
import dev.pcdarts.nas.loop.Checkpoint;
import dev.pcdarts.nas.loop.DivergenceException;
import dev.pcdarts.nas.loop.EpochLoop;
import dev.pcdarts.nas.loop.Evaluation;
import dev.pcdarts.nas.loop.GradientExchange;
import dev.pcdarts.nas.loop.HostBatch;
import dev.pcdarts.nas.loop.LoopJob;
import dev.pcdarts.nas.loop.ReplicaGroup;
import dev.pcdarts.nas.loop.StepScope;
import dev.pcdarts.nas.loop.TrainListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains an evaluation network (reference train.py / train_imagenet.py): SGD with the
 * configured schedule, drop-path ramped as dropPath·epoch/epochs, the auxiliary loss weighted,
 * optional label smoothing, gradient clipping, and evaluation on the validation source after every
 * epoch; a checkpoint after every epoch.
 */
public final class EvalTrainer implements LoopJob {
    public static final String KIND = "train";

    private final Backend backend;
    private final EvalConfig cfg;
    private final EvalNetwork net;
    private final Sgd sgd;
    private final Rng rng;
    private final EpochLoop loop;
    private GradientExchange exchange = GradientExchange.single();
    private BatchSource valid;
    private RandomStream dropStream;
    private Long resumedDropState;
    private boolean recomputeActivations;
    /** Training steps taken since the network was initialised; -1 once unknown (resumed from a checkpoint that did not count them). */
    private long trainSteps;

    public EvalTrainer(Backend backend, EvalConfig cfg, List<TrainListener> listeners) {
        this.backend = backend;
        this.cfg = cfg;
        this.rng = new Rng(cfg.seed());
        this.net = new EvalNetwork(new Init(backend, rng.stream("init")), new EvalNetwork.Config(cfg.initChannels(), cfg.classes(),
                cfg.layers(), cfg.auxiliary(), Genotypes.resolve(cfg.genotype()), cfg.imagenet(), cfg.inChannels()));
        this.sgd = new Sgd(new ArrayList<>(net.namedParameters().values()), (float) cfg.lr(), (float) cfg.momentum(), (float) cfg.weightDecay());
        this.loop = new EpochLoop(backend, this, listeners);
    }

    /**
     * Whether the training forward recomputes every intermediate activation in backward
     * (the engine's recompute mode): less memory, slower; by default it keeps batch norm's inputs, which
     * spares backward the pointwise convolutions for about twice the live set (bench/README.md
     * has the figures).
     */
    public EvalTrainer recomputeActivations(boolean recompute) {
        this.recomputeActivations = recompute;
        return this;
    }

    public EvalNetwork network() {
        return net;
    }

    /**
     * The training steps the network has taken (what PyTorch's BatchNorms count as
     * num_batches_tracked), or -1 when unknown: resumed from an older checkpoint, or initialised
     * from weights trained elsewhere.
     */
    public long trainSteps() {
        return trainSteps;
    }

    /** Starts from the weights of a state_dict file instead of the seeded initialisation (strict, see {@link StateDict#load}). */
    public void initFrom(Path weights) throws IOException {
        StateDict.load(net, weights);
        trainSteps = -1;
    }

    public TrainListener.EpochStats run(BatchSource train, BatchSource valid, Path checkpoint) throws IOException {
        this.valid = valid;
        return loop.run(train, checkpoint);
    }

    /** Checked after every step; when it says so the loop saves a mid-epoch checkpoint and stops. */
    public void setStopRequested(java.util.function.BooleanSupplier stop) {
        loop.setStopRequested(stop);
    }

    public int nextEpoch() {
        return loop.nextEpoch();
    }

    /**
     * Makes this training one of data-parallel replicas: it steps on its shard of every global
     * batch and averages the weight gradients with the others before each SGD step.
     */
    public EvalTrainer replicas(ReplicaGroup group) {
        this.exchange = new GradientExchange(group);
        loop.setReplicas(group);
        return this;
    }

    /** Also writes a checkpoint after every {@code steps} steps inside an epoch (0: at epoch ends only). */
    public void setCheckpointEvery(int steps) {
        loop.setCheckpointEvery(steps);
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
        float lr = (float) cfg.lrAt(epoch);
        sgd.setLr(lr);
        net.train(true);
        dropStream = rng.stream("drop-path", epoch);
        if (resumedDropState != null) { // resumed inside this epoch: continue its drop-path draws
            dropStream.setState(resumedDropState);
            resumedDropState = null;
        }
        net.setDropPath((float) (cfg.dropPath() * epoch / cfg.epochs()), dropStream);
        return lr;
    }

    @Override
    public boolean recomputeActivations() {
        return recomputeActivations;
    }

    /**
     * One training step on a given batch with epoch {@code epoch}'s learning rate and drop path,
     * outside the epoch loop but under its step policy: what {@code pcdarts bench train} times.
     */
    public StepResult stepOnce(HostBatch batch, int epoch) {
        beginEpoch(epoch);
        try (StepScope scope = StepScope.open(backend, recomputeActivations)) {
            return step(epoch, 0, batch);
        }
    }

    /**
     * One evaluation-mode forward of a batch without gradients, under the step policy: the logits
     * (what {@code pcdarts bench infer} times; the network's mode is restored).
     */
    public float[] inferOnce(HostBatch batch) {
        try (StepScope scope = StepScope.open(backend, false)) {
            return net.logits(batch.toDevice(backend).x());
        }
    }

    @Override
    public StepResult step(int epoch, int step, HostBatch hb) {
        float smoothing = (float) cfg.labelSmoothing();
        Batch b = hb.toDevice(backend);
        sgd.zeroGrad();
        EvalNetwork.Output out = net.forward(b.x());
        Tensor l = LossOps.crossEntropy(out.logits(), b.y(), smoothing);
        if (out.logitsAux() != null) {
            l = ArithOps.add(l, ArithOps.scale(LossOps.crossEntropy(out.logitsAux(), b.y(), smoothing), (float) cfg.auxiliaryWeight()));
        }
        float value = l.item();
        if (!Float.isFinite(value)) throw new DivergenceException("training loss is " + value + " at epoch " + epoch + ", step " + step);
        l.backward();
        exchange.average(sgd.params(), b.share());
        double norm = GradClip.clipGradNorm(sgd.params(), cfg.gradClip() > 0 ? cfg.gradClip() : Double.POSITIVE_INFINITY);
        if (!Double.isFinite(norm)) throw new DivergenceException("gradient norm is " + norm + " at epoch " + epoch + ", step " + step);
        sgd.step();
        if (trainSteps >= 0) trainSteps++;
        return new StepResult(value, out.logits().toArray());
    }

    @Override
    public Evaluation.Result validate(int epoch) {
        return evaluate(valid, epoch);
    }

    @Override
    public String genotype() {
        return cfg.genotype();
    }

    @Override
    public Map<String, float[]> archWeights() {
        return Map.of();
    }

    public Evaluation.Result evaluate(BatchSource source, int epoch) {
        return Evaluation.run(backend, net, x -> net.forward(x).logits(), source, epoch, cfg.classes());
    }

    private Map<String, Tensor> stateTensors() {
        return Checkpoint.moduleState(net);
    }

    public void save(Path file) throws IOException {
        loop.save(file);
    }

    @Override
    public void save(Path file, Map<String, String> loopMeta) throws IOException {
        Map<String, Tensor> t = stateTensors();
        sgd.state().forEach((k, v) -> t.put("optim.sgd." + k, v));
        Map<String, String> meta = new LinkedHashMap<>(loopMeta);
        if (dropStream != null) meta.put("drop_path_state", Long.toString(dropStream.state()));
        if (trainSteps >= 0) meta.put("train_steps", Long.toString(trainSteps));
        Checkpoint.save(file, KIND, cfg.toJson(), t, meta);
    }

    /** Restores a checkpoint of this configuration (weights only are needed for evaluation). */
    public void resume(Path file) throws IOException {
        loop.resume(file);
    }

    @Override
    public Map<String, String> restore(Path file) throws IOException {
        Map<String, Tensor> optional = new LinkedHashMap<>();
        Map<String, Tensor> sgdState = Checkpoint.optimizerSlots(Checkpoint.names(file), "optim.sgd.", sgd.params(), optional, "momentum");
        Map<String, String> meta = Checkpoint.load(file, KIND, cfg.toJson(), stateTensors(), optional);
        sgd.load(sgdState, Map.of());
        try {
            String d = meta.get("drop_path_state");
            String steps = meta.get("train_steps");
            trainSteps = steps == null ? -1 : Long.parseLong(steps);
            resumedDropState = d == null || "0".equals(meta.getOrDefault("next_step", "0")) ? null : Long.valueOf(d);
        } catch (NumberFormatException e) {
            throw new IOException(file + ": damaged drop-path state in the checkpoint's metadata (" + e.getMessage() + ")");
        }
        return meta;
    }
}

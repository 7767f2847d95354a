package dev.pcdarts.nas.train;

import dev.pcdarts.engine.autograd.Recompute;
import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.nn.Init;
import dev.pcdarts.engine.ops.ArithOps;
import dev.pcdarts.engine.ops.LossOps;
import dev.pcdarts.engine.optim.GradClip;
import dev.pcdarts.engine.optim.Sgd;
import dev.pcdarts.engine.rng.Rng;
import dev.pcdarts.engine.tensor.Tensor;
import dev.pcdarts.nas.eval.EvalNetwork;
import dev.pcdarts.nas.genotype.Genotypes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains an evaluation network (reference train.py / train_imagenet.py): SGD with the
 * configured schedule, drop-path ramped as dropPath·epoch/epochs, the auxiliary loss weighted,
 * optional label smoothing, gradient clipping, and evaluation on the validation source after every
 * epoch; a checkpoint after every epoch.
 */
public final class EvalTrainer {
    public static final String KIND = "train";

    private final Backend backend;
    private final EvalConfig cfg;
    private final List<TrainListener> listeners;
    private final EvalNetwork net;
    private final Sgd sgd;
    private final Rng rng;
    private int nextEpoch;
    private boolean recomputeActivations;

    public EvalTrainer(Backend backend, EvalConfig cfg, List<TrainListener> listeners) {
        this.backend = backend;
        this.cfg = cfg;
        this.listeners = List.copyOf(listeners);
        this.rng = new Rng(cfg.seed());
        this.net = new EvalNetwork(new Init(backend, rng.stream("init")), new EvalNetwork.Config(cfg.initChannels(), cfg.classes(),
                cfg.layers(), cfg.auxiliary(), Genotypes.resolve(cfg.genotype()), cfg.imagenet(), cfg.inChannels()));
        this.sgd = new Sgd(new ArrayList<>(net.namedParameters().values()), (float) cfg.lr(), (float) cfg.momentum(), (float) cfg.weightDecay());
    }

    /**
     * Whether the training forward recomputes every intermediate activation in backward
     * ({@link Recompute}): less memory; by default it keeps batch norm's inputs, which spares
     * backward the pointwise convolutions (NetworkCIFAR, batch 96: about a sixth of the step,
     * for a peak live set of 3.7 GB instead of 1.8 GB, RSS 5.2 instead of 3.0 GB).
     */
    public EvalTrainer recomputeActivations(boolean recompute) {
        this.recomputeActivations = recompute;
        return this;
    }

    public EvalNetwork network() {
        return net;
    }

    public TrainListener.EpochStats run(BatchSource train, BatchSource valid, Path checkpoint) throws IOException {
        listeners.forEach(l -> l.onStart(cfg.epochs(), train.batchesPerEpoch(), nextEpoch));
        TrainListener.EpochStats last = null;
        float smoothing = (float) cfg.labelSmoothing();
        for (int e = nextEpoch; e < cfg.epochs(); e++) {
            long t0 = System.nanoTime();
            float lr = (float) cfg.lrAt(e);
            sgd.setLr(lr);
            net.train(true);
            net.setDropPath((float) (cfg.dropPath() * e / cfg.epochs()), rng.stream("drop-path", e));
            Metrics.Mean loss = new Metrics.Mean();
            Metrics.Mean top1 = new Metrics.Mean();
            Metrics.Mean top5 = new Metrics.Mean();
            int s = 0;
            for (Iterator<HostBatch> it = train.epoch(e); it.hasNext(); s++) {
                long ts = System.nanoTime();
                HostBatch hb = it.next();
                backend.markStep(); // from here to the next mark: one training step, memory planned by the backend
                Batch b = hb.toDevice(backend);
                sgd.zeroGrad();
                EvalNetwork.Output out;
                try (var mode = Recompute.set(recomputeActivations)) {
                    out = net.forward(b.x());
                }
                Tensor l = LossOps.crossEntropy(out.logits(), b.y(), smoothing);
                if (out.logitsAux() != null) {
                    l = ArithOps.add(l, ArithOps.scale(LossOps.crossEntropy(out.logitsAux(), b.y(), smoothing), (float) cfg.auxiliaryWeight()));
                }
                float value = l.item();
                if (!Float.isFinite(value)) throw new DivergenceException("training loss is " + value + " at epoch " + e + ", step " + s);
                l.backward();
                if (cfg.gradClip() > 0) GradClip.clipGradNorm(sgd.params(), cfg.gradClip());
                sgd.step();
                float[] logits = out.logits().toArray();
                double a1 = 100.0 * Metrics.correctTopK(logits, hb.y(), cfg.classes(), 1) / hb.n();
                double a5 = 100.0 * Metrics.correctTopK(logits, hb.y(), cfg.classes(), Math.min(5, cfg.classes())) / hb.n();
                loss.add(value, hb.n());
                top1.add(a1, hb.n());
                top5.add(a5, hb.n());
                var st = new TrainListener.StepStats(e, s, train.batchesPerEpoch(), value, a1, a5, hb.n(), (System.nanoTime() - ts) / 1e9);
                listeners.forEach(x -> x.onStep(st));
            }
            Evaluation.Result v = evaluate(valid, e);
            nextEpoch = e + 1;
            if (checkpoint != null) {
                save(checkpoint);
                int ne = nextEpoch;
                listeners.forEach(x -> x.onCheckpoint(checkpoint, ne));
            }
            last = new TrainListener.EpochStats(e, cfg.epochs(), lr, loss.mean(), top1.mean(), top5.mean(), v.loss(), v.top1(), v.top5(),
                    (System.nanoTime() - t0) / 1e9, cfg.genotype(), Map.of());
            TrainListener.EpochStats done = last;
            listeners.forEach(x -> x.onEpoch(done));
        }
        TrainListener.EpochStats fin = last;
        listeners.forEach(x -> x.onFinish(fin));
        return last;
    }

    public Evaluation.Result evaluate(BatchSource source, int epoch) {
        return Evaluation.run(backend, net, x -> net.forward(x).logits(), source, epoch, cfg.classes());
    }

    private Map<String, Tensor> stateTensors() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        net.namedParameters().forEach((k, v) -> m.put("model." + k, v));
        net.namedBuffers().forEach((k, v) -> m.put("buffer." + k, v));
        return m;
    }

    public void save(Path file) throws IOException {
        Map<String, Tensor> t = stateTensors();
        sgd.state().forEach((k, v) -> t.put("optim.sgd." + k, v));
        Checkpoint.save(file, KIND, cfg.toJson(), t, Map.of("next_epoch", Integer.toString(nextEpoch)));
    }

    /** Restores a checkpoint of this configuration (weights only are needed for evaluation). */
    public void resume(Path file) throws IOException {
        Map<String, Tensor> optional = new LinkedHashMap<>();
        Map<String, Tensor> sgdState = Checkpoint.optimizerSlots(Checkpoint.names(file), "optim.sgd.", sgd.params(), optional, "momentum");
        Map<String, String> meta = Checkpoint.load(file, KIND, cfg.toJson(), stateTensors(), optional);
        sgd.load(sgdState, Map.of());
        nextEpoch = Integer.parseInt(meta.get("next_epoch"));
    }
}

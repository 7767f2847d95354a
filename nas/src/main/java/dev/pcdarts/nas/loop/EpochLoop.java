package dev.pcdarts.nas.loop;

import dev.pcdarts.engine.backend.Backend;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The one epoch loop of searches and trainings: steps over the training batches, meters, the
 * listeners, a checkpoint after every epoch, and a stop inside an epoch that resumes bit for bit.
 * An epoch's records reach the listeners before its checkpoint is written, so that a run killed
 * in between resumes from the previous checkpoint and writes them again, never losing them.
 */
public final class EpochLoop {
    private final Backend backend;
    private final LoopJob job;
    private final List<TrainListener> listeners;
    private BooleanSupplier stopRequested = () -> false;
    private ReplicaGroup replicas = ReplicaGroup.SINGLE;
    private int checkpointEvery;
    private int nextEpoch;
    private int nextStep;
    private Metrics.Mean[] meters = newMeters();

    public EpochLoop(Backend backend, LoopJob job, List<TrainListener> listeners) {
        this.backend = backend;
        this.job = job;
        this.listeners = List.copyOf(listeners);
    }

    /** Checked after every step; when it says so the loop saves a checkpoint and stops with {@link RunInterruptedException}. */
    public void setStopRequested(BooleanSupplier stop) {
        this.stopRequested = stop;
    }

    /**
     * The replicas this loop is one of: each global batch is split into contiguous shards, this
     * rank steps on its own, and the step's figures are summed across the replicas for the record.
     */
    public void setReplicas(ReplicaGroup group) {
        this.replicas = group;
    }

    /** Also writes a checkpoint after every {@code steps} steps inside an epoch (0: at epoch ends only). */
    public void setCheckpointEvery(int steps) {
        if (steps < 0) throw new IllegalArgumentException("checkpoint interval must be >= 0 steps, got " + steps);
        this.checkpointEvery = steps;
    }

    public int nextEpoch() {
        return nextEpoch;
    }

    public int nextStep() {
        return nextStep;
    }

    private static Metrics.Mean[] newMeters() {
        return new Metrics.Mean[] {new Metrics.Mean(), new Metrics.Mean(), new Metrics.Mean()};
    }

    /** Runs from where a {@link #resume} left off (or from the start); returns the last epoch's figures. */
    public TrainListener.EpochStats run(BatchSource train, Path checkpoint) throws IOException {
        int steps = train.batchesPerEpoch();
        listeners.forEach(l -> l.onStart(job.epochs(), steps, nextEpoch, nextStep));
        TrainListener.EpochStats last = null;
        int k5 = Math.min(5, job.classes());
        for (int e = nextEpoch; e < job.epochs(); e++) {
            long t0 = System.nanoTime();
            double lr = job.beginEpoch(e);
            Iterator<HostBatch> it = train.epoch(e);
            int s = 0;
            if (e != nextEpoch || nextStep == 0) meters = newMeters();
            for (; s < nextStep && e == nextEpoch && it.hasNext(); s++) { // resumed inside the epoch: these batches are done
                it.next();
                job.skipStep(e, s);
            }
            for (; it.hasNext(); s++) {
                long ts = System.nanoTime();
                HostBatch hb = it.next();
                HostBatch shard = hb.shard(replicas.rank(), replicas.size());
                LoopJob.StepResult r;
                try (StepScope scope = StepScope.open(backend, job.recomputeActivations())) {
                    r = job.step(e, s, shard);
                }
                double loss;
                double a1;
                double a5;
                if (replicas.size() == 1) {
                    loss = r.loss();
                    a1 = 100.0 * Metrics.correctTopK(r.logits(), hb.y(), job.classes(), 1) / hb.n();
                    a5 = 100.0 * Metrics.correctTopK(r.logits(), hb.y(), job.classes(), k5) / hb.n();
                } else {
                    // every rank records the global batch's figures: share-weighted loss, summed hits
                    float[] m = {r.loss() * shard.share(), Metrics.correctTopK(r.logits(), shard.y(), job.classes(), 1),
                            Metrics.correctTopK(r.logits(), shard.y(), job.classes(), k5)};
                    replicas.allReduceSum(m);
                    loss = m[0];
                    a1 = 100.0 * m[1] / hb.n();
                    a5 = 100.0 * m[2] / hb.n();
                }
                meters[0].add(loss, hb.n());
                meters[1].add(a1, hb.n());
                meters[2].add(a5, hb.n());
                var st = new TrainListener.StepStats(e, s, steps, loss, a1, a5, hb.n(), (System.nanoTime() - ts) / 1e9);
                listeners.forEach(l -> l.onStep(st));
                if (checkpointEvery > 0 && (s + 1) % checkpointEvery == 0 && it.hasNext()) {
                    nextEpoch = e;
                    nextStep = s + 1;
                    save(checkpoint);
                }
                if (stopRequested.getAsBoolean() && it.hasNext()) {
                    nextEpoch = e;
                    nextStep = s + 1;
                    save(checkpoint);
                    throw new RunInterruptedException(checkpoint);
                }
            }
            Evaluation.Result valid = job.validate(e);
            if (valid != null && !Double.isFinite(valid.loss())) {
                throw new DivergenceException("validation loss is " + valid.loss() + " after epoch " + e);
            }
            last = new TrainListener.EpochStats(e, job.epochs(), lr, meters[0].mean(), meters[1].mean(), meters[2].mean(),
                    valid == null ? Double.NaN : valid.loss(), valid == null ? Double.NaN : valid.top1(),
                    valid == null ? Double.NaN : valid.top5(), (System.nanoTime() - t0) / 1e9, job.genotype(), job.archWeights());
            TrainListener.EpochStats done = last;
            listeners.forEach(l -> l.onEpoch(done));
            nextEpoch = e + 1;
            nextStep = 0;
            meters = newMeters();
            save(checkpoint);
            if (checkpoint != null) listeners.forEach(l -> l.onCheckpoint(checkpoint, nextEpoch));
            if (stopRequested.getAsBoolean() && nextEpoch < job.epochs()) throw new RunInterruptedException(checkpoint);
        }
        TrainListener.EpochStats fin = last;
        listeners.forEach(l -> l.onFinish(fin));
        return last;
    }

    /** Writes the job's checkpoint at the loop's position (nothing when {@code checkpoint} is null). */
    public void save(Path checkpoint) throws IOException {
        if (checkpoint == null) return;
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("next_epoch", Integer.toString(nextEpoch));
        meta.put("next_step", Integer.toString(nextStep));
        if (nextStep > 0) {
            // hexadecimal doubles: the meters continue exactly where they stopped
            meta.put("meters", Double.toHexString(meters[0].sum()) + "," + Double.toHexString(meters[1].sum()) + ","
                    + Double.toHexString(meters[2].sum()) + "," + meters[0].count());
        }
        job.save(checkpoint, meta);
    }

    /** Continues from a checkpoint written by this loop for the same job. */
    public void resume(Path checkpoint) throws IOException {
        Map<String, String> meta = job.restore(checkpoint);
        try {
            nextEpoch = Integer.parseInt(meta.get("next_epoch"));
            nextStep = Integer.parseInt(meta.getOrDefault("next_step", "0"));
            meters = newMeters();
            if (nextStep > 0) {
                String[] m = meta.get("meters").split(",");
                long count = Long.parseLong(m[3]);
                for (int i = 0; i < 3; i++) meters[i] = Metrics.Mean.of(Double.parseDouble(m[i]), count);
            }
        } catch (RuntimeException e) {
            throw new IOException(checkpoint + ": damaged loop position in the checkpoint's metadata (" + e.getMessage() + ")");
        }
        if (nextEpoch < 0 || nextEpoch > job.epochs() || nextStep < 0) {
            throw new IOException(checkpoint + ": position epoch " + nextEpoch + ", step " + nextStep + " does not fit a run of " + job.epochs() + " epochs");
        }
    }
}

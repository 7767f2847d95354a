package dev.pcdarts.cli;

import dev.pcdarts.api.ReplicaLauncher;
import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.nas.compute.Compute;
import dev.pcdarts.nas.config.EvalConfig;
import dev.pcdarts.nas.config.SearchConfig;
import dev.pcdarts.nas.loop.HostBatch;
import dev.pcdarts.nas.loop.ReplicaGroup;
import dev.pcdarts.nas.train.EvalTrainer;
import dev.pcdarts.nas.train.SearchTrainer;
import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * bench --replicas N: the bench's step on N data-parallel replicas (each its shard of the global
 * batch, gradients averaged by the ring all-reduce) alternated, launch by launch, with the same
 * step on one replica, so that the throughput ratio is taken in one run on the same machine.
 */
final class BenchReplicas {
    private BenchReplicas() {}

    /** One replica's timings: seconds per timed step, and its all-reduce totals over the timed steps. */
    record Timing(double[] stepSeconds, long calls, long bytesSent, double exchangeSeconds) implements Serializable {}

    /** The replica body shipped to the executors: the bench's network and synthetic batch, sharded by rank. */
    record Body(boolean search, int batch, Integer c, Integer layers, int iters, int warmup, String backend, int threads)
            implements ReplicaLauncher.Replica<Timing> {
        @Override
        public Timing run(ReplicaGroup group, int attempt) {
            Backend be = Compute.open(backend, threads);
            HostBatch shard = BenchCommand.syntheticBatch(batch).shard(group.rank(), group.size());
            Runnable step;
            if (search) {
                SearchConfig paper = SearchConfig.paper();
                SearchConfig cfg = paper.withNetwork(c != null ? c : paper.initChannels(), layers != null ? layers : paper.layers());
                SearchTrainer t = new SearchTrainer(be, cfg, List.of()).replicas(group);
                step = () -> t.stepOnce(shard, shard, cfg.beginEpoch());
            } else {
                EvalConfig paper = EvalConfig.paperCifar();
                EvalConfig cfg = paper.withNetwork(c != null ? c : paper.initChannels(), layers != null ? layers : paper.layers());
                EvalTrainer t = new EvalTrainer(be, cfg, List.of()).replicas(group);
                step = () -> t.stepOnce(shard, cfg.epochs() / 2);
            }
            for (int i = 0; i < warmup; i++) step.run();
            ReplicaGroup.Totals before = group.totals();
            double[] s = new double[iters];
            for (int i = 0; i < iters; i++) {
                long t0 = System.nanoTime();
                step.run();
                s[i] = (System.nanoTime() - t0) / 1e9;
            }
            ReplicaGroup.Totals after = group.totals();
            return new Timing(s, after.calls() - before.calls(), after.bytesSent() - before.bytesSent(), (after.nanos() - before.nanos()) / 1e9);
        }
    }

    /**
     * {@code pairs} launches of {@code replicas} replicas alternated with launches of one; each
     * step's time is the slowest replica's (they wait for each other at the all-reduce).
     */
    static Map<String, Object> run(ReplicaLauncher launcher, ReplicaLauncher.Launch launch, Body body, int pairs, boolean search) {
        double[] many = new double[pairs * body.iters()];
        double[] one = new double[pairs * body.iters()];
        Timing rank0 = null;
        for (int p = 0; p < pairs; p++) {
            // the pairs alternate which side runs first, so a steady drift of the machine favours neither
            for (int side = 0; side < 2; side++) {
                boolean replicated = (side == 0) == (p % 2 == 0);
                ReplicaLauncher.Launch l = replicated ? launch : new ReplicaLauncher.Launch(launch.master(), 1, launch.maxRetries(), launch.ringTimeout());
                List<Timing> ts = launcher.run(l, body, Main.err()::println);
                double[] dst = replicated ? many : one;
                for (int i = 0; i < body.iters(); i++) {
                    double worst = 0;
                    for (Timing t : ts) worst = Math.max(worst, t.stepSeconds()[i]);
                    dst[p * body.iters() + i] = worst;
                }
                if (replicated) rank0 = ts.getFirst();
                Main.err().printf("launch %d of %d replica(s): median step %.3f s%n", 2 * p + side + 1, l.replicas(),
                        median(Arrays.copyOfRange(dst, p * body.iters(), (p + 1) * body.iters())));
            }
        }
        double passes = search ? 2 : 1;
        double mMany = median(many), mOne = median(one);
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("what", search ? "search" : "train");
        j.put("batch", body.batch());
        j.put("replicas", launch.replicas());
        j.put("threads_per_replica", body.threads());
        j.put("master", launch.master());
        j.put("median_s", mMany);
        j.put("images_per_s", body.batch() * passes / mMany);
        j.put("one_replica_median_s", mOne);
        j.put("one_replica_images_per_s", body.batch() * passes / mOne);
        j.put("throughput_ratio", mOne / mMany);
        j.put("allreduce_calls_per_step", (double) rank0.calls() / body.iters());
        j.put("allreduce_bytes_per_step", (double) rank0.bytesSent() / body.iters());
        j.put("allreduce_s_per_step", rank0.exchangeSeconds() / body.iters());
        j.put("peak_rss_mb", BenchCommand.peakRssMb());
        return j;
    }

    private static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}

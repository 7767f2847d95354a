package dev.pcdarts.cli;

import dev.pcdarts.api.ReplicaLauncher;
import dev.pcdarts.datasets.ImageSet;
import dev.pcdarts.datasets.catalog.Datasets;
import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.io.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Data-parallel replicas on Spark, and checkpoints inside an epoch. */
final class ReplicaOptions {
    @Option(names = "--spark", paramLabel = "MASTER", description = "Run as data-parallel replicas, Spark barrier tasks on MASTER "
            + "(local-cluster[2,1,2048] on this machine, spark://HOST:7077, yarn, k8s://...); needs the distributed module (the launcher adds it).")
    String spark;

    @Option(names = "--replicas", paramLabel = "N", description = "Replicas with --spark: each global batch is split into N shards (default 1).")
    int replicas = 1;

    @Option(names = "--max-retries", paramLabel = "N", description = "With --spark: relaunch failed replicas from the last checkpoint up to N times (default 3).")
    int maxRetries = 3;

    @Option(names = "--checkpoint-every", paramLabel = "M", description = "Also write the checkpoint every M steps inside an epoch (default 0: at epoch ends).")
    int checkpointEvery;

    @Option(names = "--ring-timeout", paramLabel = "SECONDS", description = "With --spark: the longest wait on a peer's socket before it counts as dead (default 120).")
    int ringTimeout = 120;

    /** Refuses inconsistent values before anything is written. */
    void validate() {
        if (replicas < 1) throw new UsageException("--replicas must be at least 1, got " + replicas);
        if (replicas > 1 && spark == null) throw new UsageException("--replicas " + replicas + " needs --spark MASTER");
        if (maxRetries < 0) throw new UsageException("--max-retries must be >= 0, got " + maxRetries);
        if (checkpointEvery < 0) throw new UsageException("--checkpoint-every must be >= 0 steps, got " + checkpointEvery);
        if (ringTimeout < 1) throw new UsageException("--ring-timeout must be at least 1 second, got " + ringTimeout);
    }

    /**
     * The replica count decides a run's bits (each replica's shard of every batch), so config.json
     * records it and a resumed run keeps it: {@code --replicas} with {@code --resume} may only
     * repeat it, and a run of several replicas resumes only with {@code --spark}.
     */
    void bind(Map<String, Object> cfgMap, boolean resumed, boolean replicasGiven) {
        if (!resumed) {
            cfgMap.put("replicas", replicas);
            return;
        }
        int recorded = cfgMap.get("replicas") instanceof Number n ? n.intValue() : 1;
        if (replicasGiven && replicas != recorded) {
            throw new UsageException("--resume: this run computes on " + recorded + " replica" + (recorded == 1 ? "" : "s")
                    + "; --replicas " + replicas + " would change its results (start a new run instead)");
        }
        if (recorded > 1 && spark == null) throw new UsageException("--resume: this run has " + recorded + " replicas; resume it with --spark MASTER");
        replicas = recorded;
    }

    boolean distributed() {
        return spark != null;
    }

    /** The launcher of the distributed module, or the one-line usage error that says how to get it. */
    ReplicaLauncher launcher() {
        return ReplicaLauncher.find().orElseThrow(() -> new UsageException(
                "--spark needs the distributed module on the class path: run through ./pcdarts (which adds it for --spark) or spark-submit the distributed jar"));
    }

    /**
     * The driver's part of a --spark run of {@code command}: records the provenance, ships the
     * run to the replicas, and returns their outcomes in rank order (rank 0 wrote the run).
     */
    List<ReplicaRun.Outcome> drive(String command, RunDirectory run, Map<String, Object> cfgMap, long seed, RunData data,
                                             boolean resumed, Backend backend, CommonOptions common,
                                             boolean recomputeActivations) throws Exception {
        Map<String, Object> prov;
        try (ImageSet set = RunData.open(() -> Datasets.open(data.spec(), true))) {
            prov = Provenance.of(backend, seed, data.spec().describe(), set, Main.args());
        }
        RunFiles.begin(run, resumed, prov, cfgMap);
        ReplicaRun task = new ReplicaRun(command, Json.write(cfgMap), run.dir.toAbsolutePath().toString(), common.backend,
                common.threads, recomputeActivations, checkpointEvery);
        return launcher().run(launch(), task, Main.err()::println);
    }

    ReplicaLauncher.Launch launch() {
        return new ReplicaLauncher.Launch(spark, replicas, maxRetries, Duration.ofSeconds(ringTimeout));
    }
}

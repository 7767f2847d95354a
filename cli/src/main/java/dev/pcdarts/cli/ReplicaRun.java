package dev.pcdarts.cli;

import dev.pcdarts.api.ReplicaLauncher;
import dev.pcdarts.api.SearchJob;
import dev.pcdarts.api.SearchResult;
import dev.pcdarts.api.TrainJob;
import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.io.Json;
import dev.pcdarts.nas.compute.Compute;
import dev.pcdarts.nas.config.EvalConfig;
import dev.pcdarts.nas.config.SearchConfig;
import dev.pcdarts.nas.genotype.Genotype;
import dev.pcdarts.nas.genotype.Genotypes;
import dev.pcdarts.nas.loop.ReplicaGroup;
import dev.pcdarts.nas.loop.TrainListener;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One replica of a {@code --spark} search or training, as it travels to an executor: the run's
 * resolved configuration, its directory (on storage every executor sees) and the engine options.
 * Every replica builds the same job and joins the group; rank 0 alone records the run and writes
 * its checkpoint and final files, exactly as a plain run does.
 */
record ReplicaRun(String command, String configJson, String runDir, String backend, int threads, boolean recompute,
                  int checkpointEvery) implements ReplicaLauncher.Replica<ReplicaRun.Outcome> {

    /** What a replica reports back to the driver. */
    record Outcome(int rank, String genotypeJson, double validTop1, double validTop5, double validLoss,
                   long exchanges, long bytesSent, double exchangeSeconds) implements Serializable {}

    @Override
    public Outcome run(ReplicaGroup group, int attempt) throws Exception {
        Map<String, Object> cfgMap = Json.parseObject(configJson);
        Backend b = Compute.open(backend, threads);
        RunDirectory run = RunDirectory.reading(Path.of(runDir)); // the driver holds the lock; rank 0 writes for it
        boolean writer = group.rank() == 0;
        RunRecorder recorder = writer ? new RunRecorder(run) : null;
        List<TrainListener> listeners = new ArrayList<>();
        if (writer) listeners.add(recorder);
        Path ck = run.checkpoint();
        Map<String, Object> prov = writer ? Json.parseObject(Files.readString(run.file("provenance.json"))) : Map.of();
        RunData data = RunData.of(cfgMap);
        if (SearchCommand.NAME.equals(command)) {
            SearchConfig cfg = SearchConfig.fromJson(Json.write(cfgMap));
            try (SearchJob job = new SearchJob(cfg, data.spec(), data.loading(), data.augmentation(), b, recompute, listeners)) {
                job.trainer().replicas(group);
                job.trainer().setCheckpointEvery(checkpointEvery);
                if (Files.exists(ck)) job.resume(ck);
                if (writer) recorder.log("replica 0 of " + group.size() + ", launch " + (attempt + 1) + "; backend " + b.describe());
                SearchResult r = RunFinish.guard(run, () -> job.run(writer ? ck : null));
                if (writer) SearchCommand.finish(run, r.genotype(), recorder, prov, cfgMap);
                return outcome(group, r.genotype(), r.last());
            }
        }
        EvalConfig cfg = EvalConfig.fromJson(Json.write(cfgMap));
        if (writer && Boolean.TRUE.equals(cfgMap.get("keep_best"))) listeners.add(new BestCheckpoint(run, Files.exists(ck)));
        try (TrainJob job = new TrainJob(cfg, data.spec(), data.loading(), data.augmentation(), b, recompute, listeners)) {
            job.trainer().replicas(group);
            job.trainer().setCheckpointEvery(checkpointEvery);
            if (Files.exists(ck)) {
                job.resume(ck);
            } else if (cfgMap.get("init_from") instanceof String f) {
                job.trainer().initFrom(Path.of(f)); // every replica reads the same file: the same starting bits
            }
            if (writer) recorder.log("replica 0 of " + group.size() + ", launch " + (attempt + 1) + "; backend " + b.describe());
            TrainListener.EpochStats last = RunFinish.guard(run, () -> job.run(writer ? ck : null)).last();
            Genotype g = Genotypes.resolve(cfg.genotype());
            if (writer) TrainCommand.finish(run, g, recorder, prov, cfgMap);
            return outcome(group, g, last);
        }
    }

    /** The --json figures of a replicated run: replicas, and rank 0's all-reduce calls, bytes and seconds. */
    static Map<String, Object> figures(List<Outcome> outcomes) {
        Outcome o = outcomes.getFirst();
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("replicas", outcomes.size());
        m.put("allreduce_calls", o.exchanges());
        m.put("allreduce_bytes_sent", o.bytesSent());
        m.put("allreduce_s", o.exchangeSeconds());
        return m;
    }

    private static Outcome outcome(ReplicaGroup group, Genotype g, TrainListener.EpochStats last) {
        ReplicaGroup.Totals t = group.totals();
        return new Outcome(group.rank(), g.toJson(), last == null ? Double.NaN : last.validTop1(), last == null ? Double.NaN : last.validTop5(),
                last == null ? Double.NaN : last.validLoss(), t.calls(), t.bytesSent(), t.nanos() / 1e9);
    }
}

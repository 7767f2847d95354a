package dev.pcdarts.cli;

import dev.pcdarts.api.Job;
import dev.pcdarts.datasets.ImageSet;
import dev.pcdarts.datasets.catalog.DataSpec;
import dev.pcdarts.datasets.catalog.Datasets;
import dev.pcdarts.engine.backend.Backend;
import java.nio.file.Files;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;

/**
 * How search and train begin, the same for both: whatever would refuse the run is refused before
 * anything is written; the run directory is a new one, holding the configuration resolved from
 * the data, or the resumed one with its config.json; and the job starts in it with its provenance
 * recorded, its checkpoint restored on resume and a stop on SIGINT or SIGTERM.
 */
final class RunStart {
    private RunStart() {}

    /** A command's own part, in its run directory with its configuration. */
    interface Body {
        int run(RunDirectory run, Map<String, Object> cfgMap, boolean resumed, Backend backend) throws Exception;
    }

    /**
     * Opens the run directory of a {@code command} run and runs {@code body} in it. A new run's
     * configuration is {@code resolve} of the data at {@code probe} (opened once to see it).
     */
    static int open(String command, CommandSpec spec, RunOptions runOptions, ReplicaOptions replicas, CommonOptions common, DataOptions dataOptions,
                    Supplier<DataSpec> probe, Function<ImageSet, Map<String, Object>> resolve, Body body) throws Exception {
        boolean resumed = runOptions.resume != null;
        if (resumed) RunOptions.refuseChangesOnResume(spec);
        replicas.validate();
        if (replicas.distributed()) replicas.launcher(); // no distributed module: refused before anything is written
        Backend backend = common.backend(); // a backend that cannot start refuses the run before anything is written
        Map<String, Object> cfgMap = null;
        if (!resumed) {
            dataOptions.validate();
            try (ImageSet data = RunData.open(() -> Datasets.open(probe.get(), true))) {
                cfgMap = resolve.apply(data);
            }
        }
        try (RunDirectory run = resumed ? RunDirectory.existing(runOptions.resume) : RunDirectory.create(runOptions.runDir, command, runOptions.force)) {
            return body.run(run, resumed ? RunFiles.config(run, command) : cfgMap, resumed, backend);
        }
    }

    /**
     * Starts an opened job in its run directory: provenance and configuration recorded (a resumed
     * run keeps its own), the checkpoint restored on resume, a stop on SIGINT or SIGTERM, and
     * checkpoints every {@code checkpointEvery} steps too. Returns the run's provenance.
     */
    static Map<String, Object> job(RunDirectory run, boolean resumed, Job job, Backend backend, long seed, String data, Map<String, Object> cfgMap,
                                   int checkpointEvery) {
        Map<String, Object> prov = RunFiles.begin(run, resumed, Provenance.of(backend, seed, data, job.trainingSet(), Main.args()), cfgMap);
        if (resumed && Files.exists(run.checkpoint())) RunFiles.restore(run, () -> job.resume(run.checkpoint()));
        job.stopWhen(Interrupts.install(Main.err())::get);
        job.checkpointEvery(checkpointEvery);
        return prov;
    }
}

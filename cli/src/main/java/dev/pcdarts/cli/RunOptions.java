package dev.pcdarts.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where a run goes and how it starts. */
final class RunOptions {
    @Option(names = "--run-dir", paramLabel = "DIR", description = "Run directory (default: a new timestamped folder under runs/).")
    Path runDir;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue the run in RUN_DIR from its checkpoint, with its own configuration.")
    Path resume;

    @Option(names = "--config", paramLabel = "FILE", description = "Options from a YAML or properties file (key: value); flags override it.")
    Path config;

    @Option(names = "--force", description = "Start a new run in a --run-dir that holds a run (its files are replaced) or other files.")
    boolean force;

    @Option(names = "--fast-dev-run", description = "A couple of tiny batches through every code path (a smoke test).")
    boolean fastDevRun;

    /** Options that may accompany --resume: they change how the run is computed or shown (never its bits), not what it computes. */
    private static final java.util.Set<String> RESUMABLE = java.util.Set.of("--resume", "--backend", "--threads", "--json", "--no-progress",
            "--recompute-activations", "--no-recompute-activations",
            "--spark", "--replicas", "--max-retries", "--checkpoint-every", "--ring-timeout");

    /** A resumed run continues with its own configuration: an option that would change it is refused, not ignored. */
    static void refuseChangesOnResume(picocli.CommandLine.Model.CommandSpec spec) {
        java.util.List<String> changed = new java.util.ArrayList<>();
        for (var o : spec.commandLine().getParseResult().matchedOptions()) {
            if (!RESUMABLE.contains(o.longestName())) changed.add(o.longestName());
        }
        if (!changed.isEmpty()) {
            throw new UsageException("--resume continues the run with the configuration in its config.json; " + String.join(", ", changed)
                    + (changed.size() == 1 ? " cannot" : " cannot") + " be changed (start a new run instead)");
        }
    }
}

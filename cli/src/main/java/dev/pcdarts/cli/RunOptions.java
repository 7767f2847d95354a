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

    @Option(names = "--fast-dev-run", description = "A couple of tiny batches through every code path (a smoke test).")
    boolean fastDevRun;
}

package dev.pcdarts.cli;

import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.nas.compute.Compute;
import picocli.CommandLine.Option;

/** Options shared by the commands that compute: backend, threads, output form. */
final class CommonOptions {
    @Option(names = "--backend", paramLabel = "NAME", description = "Backend (see 'pcdarts backends'); default: pcdarts.backend, PCDARTS_BACKEND, else the best available.")
    String backend;

    @Option(names = "--threads", paramLabel = "N", description = "Kernel threads (default: pcdarts.threads, else all cores).")
    int threads;

    @Option(names = "--json", description = "Print the result as one JSON object on stdout.")
    boolean json;

    @Option(names = "--no-progress", description = "Plain log lines instead of progress bars.")
    boolean noProgress;

    Backend backend() {
        if (threads < 0) throw new UsageException("--threads must be >= 0, got " + threads);
        return Compute.open(backend, threads); // 0 threads: pcdarts.threads, as README's table promises
    }
}

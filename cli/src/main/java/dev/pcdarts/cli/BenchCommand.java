package dev.pcdarts.cli;

import dev.pcdarts.api.ReplicaLauncher;
import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.backend.KernelProfile;
import dev.pcdarts.io.Json;
import dev.pcdarts.nas.compute.Compute;
import dev.pcdarts.nas.config.EvalConfig;
import dev.pcdarts.nas.config.SearchConfig;
import dev.pcdarts.nas.loop.HostBatch;
import dev.pcdarts.nas.train.EvalTrainer;
import dev.pcdarts.nas.train.ModelFigures;
import dev.pcdarts.nas.train.SearchTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** pcdarts bench search|train|infer: time full training iterations, or inference, on random data. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time full iterations on random data: 'search' = architecture step + weight step of the search network "
                + "(C=16, 8 layers, K=4, 3x32x32, 10 classes); 'train' = a NetworkCIFAR training step (C=36, 20 layers, auxiliary, drop-path 0.15); "
                + "'infer' = an evaluation-mode forward of that NetworkCIFAR without gradients (as bench_eval.py --mode infer)."},
        footer = {"%nExamples:", "  pcdarts bench search --batch 64 --iters 5 --json", "  pcdarts bench train --batch 96 --iters 3",
                "  pcdarts bench infer --batch 96 --json", ExitCodes.HELP})
final class BenchCommand implements Callable<Integer> {
    /** One step of first allocations, the two the memory planner traces, and the first replay, which makes the buffers. */
    private static final int WARMUP_STEPS = 4;

    @Parameters(paramLabel = "search|train|infer") String what;
    @Option(names = "--batch", paramLabel = "N", description = "Batch size (search: 64, train and infer: 96).") Integer batch;
    @Option(names = "--iters", paramLabel = "N", defaultValue = "5", description = "Timed iterations after the warm-up steps (first allocations, the steps traced for the memory plan, "
            + "then more while the JIT is busy, up to 8; default: ${DEFAULT-VALUE}).") int iters;
    @Option(names = "--init-channels", paramLabel = "C", description = "Initial channels (search 16, train and infer 36).") Integer c;
    @Option(names = "--layers", paramLabel = "N", description = "Cells (search 8, train and infer 20).") Integer layers;
    @Option(names = "--recompute-activations", negatable = true, description = "As in search and train (default: theirs, recompute the nodes in search, keep batch norm's inputs in train).") Boolean recompute;
    @Option(names = "--profile", description = "Also time every backend kernel (adds a little overhead per call) and report seconds per iteration by kernel.")
    boolean profile;
    @Option(names = "--scaling", description = "Alternate one-thread and all-thread iterations (--iters of each, in pairs) in this one process "
            + "and report the speed-up: on a shared machine two separate runs drift apart by more than the effect.")
    boolean scaling;
    @Option(names = "--spark", paramLabel = "MASTER", description = "With --replicas: where the replicas run (local[N]: threads of this process).") String spark;
    @Option(names = "--replicas", paramLabel = "N", description = "Time the step on N data-parallel replicas, each on its shard of the batch, alternated "
            + "launch by launch with one replica: images/s of both, their ratio, all-reduce calls, bytes and seconds per step.") Integer replicas;
    @Option(names = "--pairs", paramLabel = "N", defaultValue = "3", description = "With --replicas: launches of each side (default: ${DEFAULT-VALUE}).") int pairs;
    @Mixin CommonOptions common;

    @Override
    public Integer call() {
        if (iters < 1) throw new UsageException("--iters must be at least 1");
        boolean search = what.equals("search");
        boolean infer = what.equals("infer");
        if (!search && !infer && !what.equals("train")) throw new UsageException("bench needs 'search', 'train' or 'infer', got " + what);
        int b = batch != null ? batch : search ? 64 : 96;
        if (b < 2) throw new UsageException("--batch must be at least 2");
        if (scaling && profile) throw new UsageException("--scaling and --profile time different things: run them separately");
        KernelProfile kp = profile ? Compute.profile() : null;
        Backend be = profile ? kp.wrap(common.backend()) : common.backend();
        if (scaling && be.threads() < 2) {
            throw new UsageException("--scaling compares one thread with all of them, but the backend has " + be.threads() + " (see --threads)");
        }
        if (replicas != null) {
            if (infer) throw new UsageException("--replicas times training steps: 'infer' has no gradients to exchange");
            return replicated(search, b, be.threads());
        }
        HostBatch data = syntheticBatch(b);
        Runnable step;
        long macsPerImage;
        double passes;
        try {
            if (search) { // the paper's search, architecture steps on: its epoch 15 (--begin)
                SearchConfig paper = SearchConfig.paper();
                SearchConfig cfg = paper.withNetwork(c != null ? c : paper.initChannels(), layers != null ? layers : paper.layers());
                SearchTrainer t = new SearchTrainer(be, cfg, List.of()).recomputeActivations(recompute == null || recompute);
                step = () -> t.stepOnce(data, data, cfg.beginEpoch());
                macsPerImage = ModelFigures.forwardMacs(t.network(), t.network()::forward, 3, 32, 32);
                passes = 2; // the architecture step and the weight step each run forward + backward
            } else { // the paper's NetworkCIFAR training halfway: drop path 0.15 of its 0.3 schedule
                EvalConfig paper = EvalConfig.paperCifar();
                EvalConfig cfg = paper.withNetwork(c != null ? c : paper.initChannels(), layers != null ? layers : paper.layers());
                EvalTrainer t = new EvalTrainer(be, cfg, List.of()).recomputeActivations(recompute != null && recompute);
                step = infer ? () -> t.inferOnce(data) : () -> t.stepOnce(data, cfg.epochs() / 2);
                macsPerImage = ModelFigures.forwardMacs(t.network(), x1 -> t.network().forward(x1), 3, 32, 32);
                passes = 1;
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage()); // a shape the network or its configuration refuses
        }
        // warm-up: JIT, first allocations, and the steps the backend traces to plan the step's memory
        for (int i = 0; i < WARMUP_STEPS; i++) step.run();
        if (scaling) oneThread(be, step); // the one-thread paths compiled before they are timed
        int warmup = WARMUP_STEPS + warmUntilCompiled(be, step, scaling);
        if (kp != null) kp.record(true);
        double[] t = new double[iters];
        double[] t1 = scaling ? new double[iters] : null;
        long[] allocated = new long[iters];
        long[] compiling = new long[iters];
        Map<String, Long> traffic = be.transferStats();
        for (int i = 0; i < iters; i++) {
            // pairs alternate which side runs first, so a steady drift of the machine favours neither
            if (scaling && i % 2 == 0) t1[i] = oneThread(be, step);
            long a = allocatedBytes();
            long jit = compileMillis();
            long s = System.nanoTime();
            step.run();
            t[i] = (System.nanoTime() - s) / 1e9;
            allocated[i] = allocatedBytes() - a;
            jit = compiling[i] = compileMillis() - jit;
            if (scaling && i % 2 == 1) t1[i] = oneThread(be, step);
            Main.err().printf("iteration %d: %.3f s, %.2f GB allocated, %d ms compiling%s%n", i + 1, t[i], allocated[i] / 1e9, jit,
                    scaling ? String.format(" (one thread: %.3f s)", t1[i]) : "");
        }
        Arrays.sort(allocated);
        Arrays.sort(compiling);
        double[] sorted = sorted(t);
        double median = sorted[iters / 2];
        double flops = 2.0 * (infer ? 1 : 3) * passes * macsPerImage * b; // forward + backward ~ 3x forward
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("what", what);
        j.put("batch", b);
        j.put("iters", iters);
        j.put("backend", be.describe());
        j.put("threads", be.threads());
        j.put("median_s", median);
        j.put("min_s", sorted[0]);
        j.put("images_per_s", b * passes / median);
        j.put("peak_rss_mb", peakRssMb());
        // bytes the JVM handed out per iteration: unlike time it does not depend on the machine's load
        j.put("allocated_gb", allocated[iters / 2] / 1e9);
        j.put("gflops", flops / median / 1e9);
        if (kp != null) kp.record(false);
        double peak = be.peakGflops(); // measured after the steps, in the same run, on the same threads
        if (!Double.isNaN(peak)) {
            j.put("fma_peak_gflops", peak);
            j.put("peak_fraction", flops / median / 1e9 / peak);
        }
        j.put("warmup_steps", warmup);
        j.put("compile_ms_median", compiling[iters / 2]); // JIT compilation during a timed step (on the compiler's own thread)
        be.memoryStats().forEach((k, v) -> j.put("memory_plan_" + k, v));
        putTraffic(j, traffic, be.transferStats(), iters);
        if (kp != null) {
            double mean = 0;
            for (double v : t) mean += v / iters;
            Map<String, Object> kernels = kp.perIteration(iters, mean, peak);
            j.put("kernels", kernels);
            j.put("kernels_below_10_percent_of_peak", kp.below(kernels, 0.10));
        }
        if (scaling) {
            double[] ratios = new double[iters];
            for (int i = 0; i < iters; i++) ratios[i] = t1[i] / t[i];
            Arrays.sort(ratios);
            j.put("one_thread_median_s", sorted(t1)[iters / 2]);
            j.put("speedup", ratios[iters / 2]); // the median of the pairs' ratios
            j.put("speedup_min", ratios[0]);
            j.put("speedup_max", ratios[iters - 1]);
        }
        j.put("macs_per_image_forward", macsPerImage);
        if (common.json) {
            Main.out().println(Json.write(j));
        } else {
            j.forEach((k, v) -> Main.out().println(k + ": " + v));
        }
        return ExitCodes.OK;
    }

    /** The bench's data: a seeded batch of Gaussian 3x32x32 images and labels of 10 classes. */
    static HostBatch syntheticBatch(int b) {
        return HostBatch.gaussian(b, 3, 32, 32, 10, 7);
    }

    /** --replicas: launches of the replicated step alternated with one replica's, through the distributed module. */
    private int replicated(boolean search, int b, int threads) {
        if (spark == null) throw new UsageException("--replicas needs --spark MASTER (local[N] runs the replicas as threads of this process)");
        if (replicas < 1 || replicas > b) throw new UsageException("--replicas must be between 1 and the batch " + b + ", got " + replicas);
        if (pairs < 1) throw new UsageException("--pairs must be at least 1, got " + pairs);
        if (profile || scaling) throw new UsageException("--replicas times whole replicated steps: run --profile and --scaling without it");
        ReplicaLauncher launcher = ReplicaLauncher.find().orElseThrow(() -> new UsageException(
                "--spark needs the distributed module on the class path: run through ./pcdarts (which adds it for --spark)"));
        var body = new BenchReplicas.Body(search, b, c, layers, iters, WARMUP_STEPS + MAX_EXTRA_WARMUP / 2, common.backend, threads);
        Map<String, Object> j = BenchReplicas.run(launcher, new ReplicaLauncher.Launch(spark, replicas, 0, java.time.Duration.ofSeconds(120)), body, pairs, search);
        if (common.json) {
            Main.out().println(Json.write(j));
        } else {
            j.forEach((k, v) -> Main.out().println(k + ": " + v));
        }
        return ExitCodes.OK;
    }

    /** Host-device traffic per timed iteration, where the backend counts it (device backends). */
    private static void putTraffic(Map<String, Object> j, Map<String, Long> before, Map<String, Long> after, int iters) {
        if (after.isEmpty()) return;
        java.util.function.ToDoubleFunction<String> per = k -> (after.getOrDefault(k, 0L) - before.getOrDefault(k, 0L)) / (double) iters;
        j.put("host_transfers_per_step", per.applyAsDouble("host_to_device") + per.applyAsDouble("device_to_host"));
        j.put("host_bytes_per_step", per.applyAsDouble("host_to_device_bytes") + per.applyAsDouble("device_to_host_bytes"));
        j.put("host_to_device_per_step", per.applyAsDouble("host_to_device"));
        j.put("device_to_host_per_step", per.applyAsDouble("device_to_host"));
        j.put("parameter_uploads_per_step", per.applyAsDouble("parameter_uploads"));
        j.put("parameter_bytes_per_step", per.applyAsDouble("parameter_bytes"));
        j.put("kernel_launches_per_step", per.applyAsDouble("kernel_launches"));
        j.put("plans_compiled", after.getOrDefault("plans_compiled", 0L));
    }

    private static double[] sorted(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s;
    }

    /**
     * Warm-up steps after the fixed ones while the JIT is still busy: until a step spent under
     * {@link #QUIET_COMPILE} of its time compiling, at most {@link #MAX_EXTRA_WARMUP}. After a
     * fixed warm-up the JIT still compiles during the first timed iterations, which then run
     * markedly slower, so a short median would time the compiler (bench/README.md has the figures).
     * With --scaling the compiler's thread also took a core from the two-thread steps only.
     * Returns how many extra steps ran (pairs with --scaling).
     */
    private static int warmUntilCompiled(Backend be, Runnable step, boolean scaling) {
        for (int extra = 0; extra < MAX_EXTRA_WARMUP; extra++) {
            long jit = compileMillis();
            long s = System.nanoTime();
            step.run();
            if (scaling) oneThread(be, step);
            double ms = (System.nanoTime() - s) / 1e6;
            if (compileMillis() - jit < QUIET_COMPILE * ms) return extra + 1;
        }
        return MAX_EXTRA_WARMUP;
    }

    private static final int MAX_EXTRA_WARMUP = 8;
    private static final double QUIET_COMPILE = 0.02;

    /** Seconds of one step on one kernel thread; the backend then has all its threads again. */
    private static double oneThread(Backend be, Runnable step) {
        be.useThreads(1);
        try {
            long s = System.nanoTime();
            step.run();
            return (System.nanoTime() - s) / 1e9;
        } finally {
            be.useThreads(be.threads());
        }
    }

    /** Heap bytes allocated so far by all threads of this JVM (0 where the JVM cannot tell). */
    private static long allocatedBytes() {
        if (java.lang.management.ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled()) {
            return t.getTotalThreadAllocatedBytes();
        }
        return 0;
    }

    /** Milliseconds the JIT compilers have spent so far (0 where the JVM cannot tell). */
    private static long compileMillis() {
        var c = java.lang.management.ManagementFactory.getCompilationMXBean();
        return c != null && c.isCompilationTimeMonitoringSupported() ? c.getTotalCompilationTime() : 0;
    }

    /** VmHWM of this process in MB (Linux); -1 elsewhere. */
    static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}

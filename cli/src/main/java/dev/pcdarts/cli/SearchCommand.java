package dev.pcdarts.cli;

import dev.pcdarts.api.SearchJob;
import dev.pcdarts.api.SearchResult;
import dev.pcdarts.datasets.ImageSet;
import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.io.Json;
import dev.pcdarts.nas.config.SearchConfig;
import dev.pcdarts.nas.genotype.Genotype;
import dev.pcdarts.nas.loop.TrainListener;
import dev.pcdarts.nas.search.Relaxation;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** pcdarts search: the PC-DARTS architecture search (spec §7). */
@Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Search a cell architecture with PC-DARTS (or DARTS) and print the genotype.",
                "Options default to the paper's values. On the embedded default data, options left unset take a quick preset "
                        + "(4 epochs of 1,024 images per half, C=8, 5 layers, batch 64, arch steps from epoch 1) so the search ends in minutes."},
        footer = {"%nExamples:", "  pcdarts search                                   # quick search on the embedded Fashion-MNIST subset",
                "  pcdarts search --dataset cifar10                 # the paper's CIFAR-10 search (50 epochs)",
                "  pcdarts search --method darts --order 2          # second-order DARTS",
                "  pcdarts search --k 2 --shift --random-channels   # other relaxations",
                "  pcdarts search --imagenet --data imagenet_search # the ImageNet search on the lists of 'pcdarts data subsample'",
                "  pcdarts search --resume runs/20261129-101500-search", ExitCodes.HELP})
final class SearchCommand implements Callable<Integer> {
    static final String NAME = "search";
    @Mixin CommonOptions common;
    @Mixin ReplicaOptions replicaOptions;
    @Mixin DataOptions dataOptions;
    @Mixin RunOptions runOptions;
    @Mixin OptimizerOptions opt;

    @Option(names = "--method", paramLabel = "pcdarts|darts", description = "pcdarts (K=4, shuffle, edge norm) or darts (K=1, no edge norm).")
    String method;
    @Option(names = "--imagenet", description = "train_search_imagenet.py's search: K=2, the ImageNet stem on 224-pixel crops, lr 0.5 with warm-up, "
            + "architecture steps from epoch 35, batch 1024; --data DIR holds train/ and val/ class folders or the lists of 'pcdarts data subsample'.")
    boolean imagenet;
    @Option(names = "--k", paramLabel = "K", description = "Partial channels 1/K: 1, 2, 4 or 8 (pcdarts: 4).") Integer k;
    @Option(names = "--shift", description = "Channel shift instead of channel shuffle.") boolean shift;
    @Option(names = "--random-channels", description = "Sample the processed channels at random each step (the paper's method).") boolean randomChannels;
    @Option(names = "--no-edge-norm", description = "Turn edge normalisation off.") boolean noEdgeNorm;
    @Option(names = "--order", paramLabel = "1|2", description = "Architect: 1 = first order (default), 2 = unrolled second order.") Integer order;
    @Option(names = "--arch-lr", description = "Architecture Adam learning rate (paper: 6e-4).") Double archLr;
    @Option(names = "--arch-beta1", description = "Adam beta1 (paper: 0.5).") Double archBeta1;
    @Option(names = "--arch-beta2", description = "Adam beta2 (paper: 0.999).") Double archBeta2;
    @Option(names = "--arch-weight-decay", description = "Architecture weight decay (paper: 1e-3).") Double archWeightDecay;
    @Option(names = "--begin", paramLabel = "EPOCH", description = "First epoch with architecture steps (paper: 15).") Integer begin;
    @Option(names = "--init-channels", paramLabel = "C", description = "Initial channels (paper: 16).") Integer initChannels;
    @Option(names = "--layers", paramLabel = "N", description = "Cells (paper: 8).") Integer layers;
    @Option(names = "--train-portion", description = "Share of the training set for the weights; the rest trains the architecture (paper: 0.5).") Double trainPortion;
    @Option(names = "--limit-images", paramLabel = "N", description = "Use only the first N images of each half per epoch (0 = all).") Integer limitImages;
    @Option(names = "--seed", description = "Random seed (paper: 2).") Long seed;
    @Option(names = "--recompute-activations", negatable = true, defaultValue = "true", fallbackValue = "true", description = "Recompute each cell node's activations in backward, keeping only its inputs (default: several times less memory); --no-recompute-activations keeps them all (more memory, no faster).") boolean recomputeActivations;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return RunStart.open(NAME, spec, runOptions, replicaOptions, common, dataOptions, dataOptions::spec, this::resolve, this::run);
    }

    private int run(RunDirectory run, Map<String, Object> cfgMap, boolean resumed, Backend backend) throws Exception {
        PrintStream err = Main.err();
        SearchConfig cfg = RunFiles.parse(run, () -> SearchConfig.fromJson(Json.write(cfgMap)));
        RunData data = RunFiles.parse(run, () -> RunData.of(cfgMap));
        replicaOptions.bind(cfgMap, resumed, spec.commandLine().getParseResult().hasMatchedOption("--replicas"));
        if (replicaOptions.distributed()) return runReplicas(run, cfgMap, cfg, data, resumed, backend);
        RunRecorder recorder = new RunRecorder(run);
        Progress progress = Progress.of(err, common.noProgress, "search");
        List<TrainListener> listeners = List.of(recorder, progress);
        try (progress; SearchJob job = RunData.open(() -> new SearchJob(cfg, data.spec(), data.loading(), data.augmentation(), backend, recomputeActivations, listeners))) {
            Map<String, Object> prov = RunStart.job(run, resumed, job, backend, cfg.seed(), data.spec().describe(), cfgMap, replicaOptions.checkpointEvery);
            recorder.log("backend " + backend.describe() + "; data " + prov.get("data_fingerprint"));
            SearchResult result = RunFinish.guard(run, () -> job.run(run.checkpoint()));
            Genotype g = result.genotype();
            finish(run, g, recorder, prov, cfgMap);
            TrainListener.EpochStats last = recorder.epochs.isEmpty() ? null : recorder.epochs.getLast();
            print(run, g, last == null ? null : last.validTop1(), Map.of());
            return ExitCodes.OK;
        }
    }

    /** The files a finished search leaves besides its checkpoint: genotype, drawings, metrics, report. */
    static void finish(RunDirectory run, Genotype g, RunRecorder recorder, Map<String, Object> prov, Map<String, Object> cfgMap) {
        run.writeText("genotype.json", g.toJson() + "\n");
        run.writeText("genotype.txt", g.toReferenceString() + "\n");
        RunFinish.drawCells(run, g);
        RunFinish.metricsArrow(run, recorder);
        run.writeText("report.html", Report.html("PC-DARTS search: " + run.dir.getFileName(), recorder.steps, recorder.epochs, g, prov, cfgMap));
    }

    private void print(RunDirectory run, Genotype g, Double validTop1, Map<String, Object> extra) {
        PrintStream out = Main.out();
        if (common.json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("genotype", g.toReferenceString());
            j.put("genotype_json", g.toJsonMap());
            j.put("run_dir", run.dir.toString());
            j.put("report", run.file("report.html").toString());
            j.put("valid_top1", validTop1);
            j.putAll(extra);
            out.println(Json.write(j));
        } else {
            out.println(g.toReferenceString());
            out.println("run directory: " + run.dir);
            out.println("report: " + run.file("report.html"));
        }
    }

    /** --spark: the replicas run elsewhere, rank 0 records the run here; the driver prints the outcome. */
    private int runReplicas(RunDirectory run, Map<String, Object> cfgMap, SearchConfig cfg, RunData data, boolean resumed, Backend backend)
            throws Exception {
        if (cfg.secondOrder() && replicaOptions.replicas > 1) {
            throw new UsageException("--order 2 cannot run on " + replicaOptions.replicas + " replicas: data-parallel search is first order only");
        }
        List<ReplicaRun.Outcome> outcomes = replicaOptions.drive(NAME, run, cfgMap, cfg.seed(), data, resumed, backend, common, recomputeActivations);
        ReplicaRun.Outcome o = outcomes.getFirst();
        Genotype g = Genotype.fromJsonMap(Json.parseObject(o.genotypeJson()));
        print(run, g, o.validTop1(), ReplicaRun.figures(outcomes));
        return ExitCodes.OK;
    }

    /** The configuration: flags and --config values, then the quick or fast-dev presets, then the paper's defaults. */
    private Map<String, Object> resolve(ImageSet probe) {
        boolean quick = dataOptions.embedded();
        boolean fast = runOptions.fastDevRun;
        boolean darts = "darts".equalsIgnoreCase(method);
        if (method != null && !darts && !"pcdarts".equalsIgnoreCase(method)) throw new UsageException("--method must be pcdarts or darts, got " + method);
        if (imagenet && darts) throw new UsageException("--imagenet is PC-DARTS' ImageNet search; the DARTS reference has none, drop --method darts");
        if (imagenet && dataOptions.embedded()) {
            throw new UsageException("--imagenet needs --data DIR: train/ and val/ image class folders, or the train.txt and val.txt of 'pcdarts data subsample'");
        }
        if (imagenet && probe.info().channels() != 3) throw new UsageException("--imagenet needs RGB images, the data has " + probe.info().channels() + " channels");
        // the method's own reference values
        SearchConfig paper = darts ? SearchConfig.darts() : imagenet ? SearchConfig.paperImageNet() : SearchConfig.paper();
        if (shift && randomChannels) {
            throw new UsageException("--shift has no effect with --random-channels: the sampled channels go back where they came from; drop one");
        }
        int kk = pick(k, null, null, paper.relaxation().k());
        Relaxation rel;
        try {
            rel = new Relaxation(kk, shift ? Relaxation.Mixing.SHIFT : Relaxation.Mixing.SHUFFLE, randomChannels, !noEdgeNorm && !darts);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--k: " + e.getMessage());
        }
        int ord = pick(order, null, null, 1);
        if (ord != 1 && ord != 2) throw new UsageException("--order must be 1 or 2, got " + ord);
        int ep = pick(opt.epochs, fast ? 2 : null, quick ? 4 : null, paper.epochs());
        if (ep < 1) throw new UsageException("--epochs must be at least 1, got " + ep);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", "search");
        SearchConfig cfg;
        try {
            cfg = new SearchConfig(ep, pick(opt.lr, null, null, paper.lr()), pick(opt.lrMin, null, null, paper.lrMin()), pick(opt.momentum, null, null, paper.momentum()),
                    pick(opt.weightDecay, null, null, paper.weightDecay()), pick(opt.gradClip, null, null, paper.gradClip()), pick(archLr, null, null, paper.archLr()),
                    pick(archBeta1, null, null, paper.archBeta1()), pick(archBeta2, null, null, paper.archBeta2()),
                    pick(archWeightDecay, null, null, paper.archWeightDecay()), pick(begin, fast ? Math.min(1, paper.beginEpoch()) : null, quick ? Math.min(1, paper.beginEpoch()) : null, paper.beginEpoch()),
                    ord == 2, pick(initChannels, fast ? 4 : null, quick ? 8 : null, paper.initChannels()),
                    pick(layers, fast ? 3 : null, quick ? 5 : null, paper.layers()), probe.info().classes(), probe.info().channels(), rel,
                    pick(seed, null, null, paper.seed()), paper.archGradClip(), 0, imagenet);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.putAll(RunData.specMap(dataOptions.spec()));
        double portion = pick(trainPortion, null, null, 0.5);
        if (!(portion > 0 && portion < 1)) throw new UsageException("--train-portion must be between 0 and 1 (exclusive), got " + portion);
        data.put("train_portion", portion);
        int bs = pick(opt.batchSize, fast ? 8 : null, quick ? 64 : null, darts ? 64 : imagenet ? 1024 : 256);
        if (bs < 1) throw new UsageException("--batch-size must be at least 1, got " + bs);
        // train_search_imagenet.py warms the learning rate up over 5 epochs when the batch exceeds 256
        if (imagenet && bs > 256) cfg = cfg.withWarmup(Math.min(paper.warmupEpochs(), cfg.epochs()));
        if (imagenet && (Boolean.TRUE.equals(opt.cutout) || opt.cropPadding != null)) throw new UsageException("--cutout and --crop-padding are the CIFAR augmentation's; --imagenet uses RandomResizedCrop");
        data.putAll(RunData.augmentationMap(Boolean.TRUE.equals(opt.cutout), pick(opt.cutoutLength, null, null, 16), pick(opt.cropPadding, null, null, 4)));
        data.put("batch_size", bs);
        int limit = pick(limitImages, fast ? 16 : null, quick ? 1024 : null, 0);
        if (limit < 0) throw new UsageException("--limit-images must be >= 0 (0 = all), got " + limit);
        data.put("limit_images", limit);
        data.put("workers", fast ? 1 : dataOptions.workers);
        data.put("fast_dev_run", fast);
        m.putAll(Json.parseObject(cfg.toJson()));
        m.put("data", data);
        // The data decides the input channels and classes.
        m.put("in_channels", probe.info().channels());
        m.put("classes", probe.info().classes());
        return m;
    }

    static <T> T pick(T explicit, T fast, T quick, T paper) {
        if (explicit != null) return explicit;
        if (fast != null) return fast;
        if (quick != null) return quick;
        return paper;
    }
}

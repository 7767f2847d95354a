package dev.pcdarts.cli;

import static dev.pcdarts.cli.SearchCommand.pick;

import dev.pcdarts.api.TrainJob;
import dev.pcdarts.datasets.DataException;
import dev.pcdarts.datasets.ImageSet;
import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.io.Json;
import dev.pcdarts.nas.config.EvalConfig;
import dev.pcdarts.nas.genotype.Genotype;
import dev.pcdarts.nas.genotype.Genotypes;
import dev.pcdarts.nas.loop.TrainListener;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** pcdarts train: train the evaluation network of a genotype (spec §8). */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train NetworkCIFAR (or NetworkImageNet) built from a genotype, evaluating on the test split after every epoch.",
                "Defaults are train.py's; --preset paper adds the paper's recipe (--auxiliary --cutout --drop-path 0.3, 600 epochs, C=36, 20 layers). "
                        + "On the embedded default data, unset options take a quick preset (3 epochs of 1,024 images, C=8, 6 layers, batch 64)."},
        footer = {"%nExamples:", "  pcdarts train --genotype runs/X/genotype.json",
                "  pcdarts train --genotype PC_DARTS_cifar --dataset cifar10 --preset paper",
                "  pcdarts train --genotype PC_DARTS_cifar --init-channels 36 --layers 20 --auxiliary --init-from weights.pt --dataset cifar10",
                "  pcdarts train --genotype PC_DARTS_image --imagenet --preset imagenet --data /data/imagenet", ExitCodes.HELP})
final class TrainCommand implements Callable<Integer> {
    static final String NAME = "train";
    @Mixin CommonOptions common;
    @Mixin ReplicaOptions replicaOptions;
    @Mixin DataOptions dataOptions;
    @Mixin RunOptions runOptions;
    @Mixin OptimizerOptions opt;

    @Option(names = "--genotype", paramLabel = "NAME|FILE|STRING", description = "Built-in name, JSON file or Genotype(...) string (default: PC_DARTS_cifar).")
    String genotype;
    @Option(names = "--preset", paramLabel = "paper|imagenet", description = "The paper's CIFAR recipe or train_imagenet.py's.") String preset;
    @Option(names = "--imagenet", description = "NetworkImageNet: 224x224 inputs, ImageNet augmentation, AvgPool(7).") boolean imagenet;
    @Option(names = "--auxiliary", description = "Auxiliary head on the second reduction cell.") Boolean auxiliary;
    @Option(names = "--auxiliary-weight", description = "Auxiliary loss weight (0.4).") Double auxiliaryWeight;
    @Option(names = "--drop-path", description = "Drop-path probability, ramped linearly over the epochs (0.3).") Double dropPath;
    @Option(names = "--label-smoothing", description = "Label smoothing of the training loss (ImageNet: 0.1).") Double labelSmoothing;
    @Option(names = "--schedule", paramLabel = "cosine|linear", description = "cosine, or linear (the ImageNet schedule).") String schedule;
    @Option(names = "--warmup-epochs", paramLabel = "N", description = "Linear warm-up epochs (ImageNet with batch > 256: 5).") Integer warmup;
    @Option(names = "--init-channels", paramLabel = "C", description = "Initial channels (36; ImageNet 48).") Integer initChannels;
    @Option(names = "--layers", paramLabel = "N", description = "Cells (20; ImageNet 14).") Integer layers;
    @Option(names = "--limit-images", paramLabel = "N", description = "Use only the first N images of each epoch's order, and of the test set (0 = all).") Integer limitImages;
    @Option(names = "--seed", description = "Random seed (0).") Long seed;
    @Option(names = "--recompute-activations", negatable = true, description = "Recompute every intermediate activation in backward instead of keeping batch norm's inputs: less memory, slower (default: keep).") boolean recomputeActivations;

    @Option(names = "--init-from", paramLabel = "FILE",
            description = "Start from the weights of a state_dict (.safetensors or torch.save .pt, PyTorch's or ours, or a pcdarts checkpoint) "
                    + "instead of the seeded initialisation: every name and shape must match the network (num_batches_tracked is ignored).")
    Path initFrom;

    @Option(names = "--keep-best", description = "Also keep the checkpoint of the epoch with the best validation top-1 as best.safetensors "
            + "(its figures in best.json); test, predict and export take it with --best.")
    boolean keepBest;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return RunStart.open(NAME, spec, runOptions, replicaOptions, common, dataOptions,
                () -> dataOptions.spec().withImageSize(imagenet ? 256 : dataOptions.imageSize), this::resolve, this::run);
    }

    private int run(RunDirectory run, Map<String, Object> cfgMap, boolean resumed, Backend backend) throws Exception {
        PrintStream err = Main.err();
        EvalConfig cfg = RunFiles.parse(run, () -> EvalConfig.fromJson(Json.write(cfgMap)));
        RunData data = RunFiles.parse(run, () -> RunData.of(cfgMap));
        replicaOptions.bind(cfgMap, resumed, spec.commandLine().getParseResult().hasMatchedOption("--replicas"));
        if (replicaOptions.distributed()) return runReplicas(run, cfgMap, cfg, data, resumed, backend);
        RunRecorder recorder = new RunRecorder(run);
        Progress progress = Progress.of(err, common.noProgress, "train");
        List<TrainListener> listeners = new java.util.ArrayList<>(List.of(recorder, progress));
        if (Boolean.TRUE.equals(cfgMap.get("keep_best"))) listeners.add(new BestCheckpoint(run, resumed));
        try (progress; TrainJob job = RunData.open(() -> new TrainJob(cfg, data.spec(), data.loading(), data.augmentation(), backend, recomputeActivations, listeners))) {
            Object init = cfgMap.get("init_from");
            // before the first checkpoint (a new run, or one killed before its first epoch ended) the weights come from the file
            if (init instanceof String f && !(resumed && java.nio.file.Files.exists(run.checkpoint()))) {
                Path weights = Path.of(f);
                try {
                    job.trainer().initFrom(weights);
                } catch (java.io.IOException e) {
                    throw new DataException(e.getMessage().lines().findFirst().orElse(weights + ": cannot be read"));
                }
            }
            Map<String, Object> prov = RunStart.job(run, resumed, job, backend, cfg.seed(), data.spec().describe(), cfgMap, replicaOptions.checkpointEvery);
            try {
                RunFinish.guard(run, () -> job.run(run.checkpoint()));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            TrainListener.EpochStats last = recorder.epochs.isEmpty() ? null : recorder.epochs.getLast();
            Genotype g = Genotypes.resolve(cfg.genotype());
            finish(run, g, recorder, prov, cfgMap);
            if (last == null) print(run, Double.NaN, Double.NaN, Double.NaN, Map.of());
            else print(run, last.validTop1(), last.validTop5(), last.validLoss(), Map.of());
        }
        return ExitCodes.OK;
    }

    /** The files a finished training leaves besides its checkpoint: drawings, metrics, report. */
    static void finish(RunDirectory run, Genotype g, RunRecorder recorder, Map<String, Object> prov, Map<String, Object> cfgMap) {
        RunFinish.drawCells(run, g);
        RunFinish.metricsArrow(run, recorder);
        run.writeText("report.html", Report.html("pcdarts train: " + run.dir.getFileName(), recorder.steps, recorder.epochs, g, prov, cfgMap));
    }

    private void print(RunDirectory run, double top1, double top5, double loss, Map<String, Object> extra) {
        boolean none = Double.isNaN(top1);
        if (common.json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("run_dir", run.dir.toString());
            j.put("valid_top1", none ? null : top1);
            j.put("valid_top5", none ? null : top5);
            j.put("valid_loss", none ? null : loss);
            j.putAll(extra);
            Main.out().println(Json.write(j));
        } else {
            if (!none) Main.out().printf("valid top-1 %.2f%%, top-5 %.2f%%, loss %.4f%n", top1, top5, loss);
            Main.out().println("run directory: " + run.dir);
            Main.out().println("report: " + run.file("report.html"));
        }
    }

    /** --spark: the replicas run elsewhere, rank 0 records the run here; the driver prints the outcome. */
    private int runReplicas(RunDirectory run, Map<String, Object> cfgMap, EvalConfig cfg, RunData data, boolean resumed, Backend backend)
            throws Exception {
        List<ReplicaRun.Outcome> outcomes = replicaOptions.drive(NAME, run, cfgMap, cfg.seed(), data, resumed, backend, common, recomputeActivations);
        ReplicaRun.Outcome o = outcomes.getFirst();
        print(run, o.validTop1(), o.validTop5(), o.validLoss(), ReplicaRun.figures(outcomes));
        return ExitCodes.OK;
    }

    private Map<String, Object> resolve(ImageSet train) {
        boolean quick = dataOptions.embedded();
        boolean fast = runOptions.fastDevRun;
        EvalConfig base;
        if (preset == null) {
            base = imagenet ? EvalConfig.paperImageNet() : EvalConfig.trainPy();
        } else if (preset.equals("paper")) {
            base = EvalConfig.paperCifar();
        } else if (preset.equals("imagenet")) {
            base = EvalConfig.paperImageNet();
        } else {
            throw new UsageException("--preset must be paper or imagenet, got " + preset);
        }
        String gSpec = genotype != null ? genotype : base.genotype();
        Genotype g = GenotypeCommand.resolve(gSpec);
        EvalConfig cfg;
        try {
            cfg = new EvalConfig(pick(opt.epochs, fast ? 1 : null, quick ? 3 : null, base.epochs()),
                    pick(opt.lr, null, null, base.lr()), pick(opt.lrMin, null, null, base.lrMin()),
                    pick(opt.momentum, null, null, base.momentum()), pick(opt.weightDecay, null, null, base.weightDecay()),
                    pick(opt.gradClip, null, null, base.gradClip()), pick(auxiliary, fast ? Boolean.FALSE : null, null, base.auxiliary()),
                    pick(auxiliaryWeight, null, null, base.auxiliaryWeight()), pick(dropPath, null, quick ? 0.2 : null, base.dropPath()),
                    pick(labelSmoothing, null, null, base.labelSmoothing()), pick(schedule, null, null, base.schedule()),
                    pick(warmup, null, null, base.warmupEpochs()),
                    pick(initChannels, fast ? 4 : null, quick ? 8 : null, base.initChannels()),
                    pick(layers, fast ? 3 : null, quick ? 6 : null, base.layers()), train.info().classes(), imagenet, g.toJson(),
                    pick(seed, null, null, base.seed()), train.info().channels());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (!imagenet && train.info().channels() != 3 && train.info().channels() != 1) {
            throw new UsageException("images with " + train.info().channels() + " channels are not supported");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", "train");
        m.putAll(Json.parseObject(cfg.toJson()));
        Map<String, Object> data = new LinkedHashMap<>();
        data.putAll(RunData.specMap(dataOptions.spec().withImageSize(imagenet ? 256 : dataOptions.imageSize)));
        int bs = pick(opt.batchSize, fast ? 8 : null, quick ? 64 : null, imagenet ? 1024 : 96);
        if (bs < 1) throw new UsageException("--batch-size must be at least 1, got " + bs);
        data.put("batch_size", bs);
        int limit = pick(limitImages, fast ? 16 : null, quick ? 1024 : null, 0);
        if (limit < 0) throw new UsageException("--limit-images must be >= 0 (0 = all), got " + limit);
        data.put("limit_images", limit);
        data.putAll(RunData.augmentationMap(pick(opt.cutout, null, null, "paper".equals(preset)), pick(opt.cutoutLength, null, null, 16),
                pick(opt.cropPadding, null, null, 4)));
        data.put("workers", fast ? 1 : dataOptions.workers);
        data.put("in_channels", train.info().channels());
        m.put("data", data);
        if (initFrom != null) m.put("init_from", initFrom.toAbsolutePath().toString());
        if (keepBest) m.put("keep_best", true);
        return m;
    }
}

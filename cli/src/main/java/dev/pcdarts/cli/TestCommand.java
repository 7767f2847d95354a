package dev.pcdarts.cli;

import dev.pcdarts.api.TrainJob;
import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.io.Json;
import dev.pcdarts.nas.loop.Evaluation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** pcdarts test: evaluate a trained network, a train run's or any state_dict's, on any data. */
@Command(name = "test", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate a trained network on a test split: top-1, top-5, loss and the confusion matrix.",
                "The network is a 'pcdarts train' run's (--run; --data/--dataset replace its data), or any state_dict file, PyTorch's "
                        + "included (--checkpoint with its architecture: --genotype, --init-channels, --layers, --auxiliary)."},
        footer = {"%nExamples:", "  pcdarts test --run runs/20261129-120000-train", "  pcdarts test --run runs/X --all --json",
                "  pcdarts test --checkpoint weights.pt --genotype PC_DARTS_cifar --init-channels 36 --layers 20 --auxiliary --dataset cifar10",
                ExitCodes.HELP})
final class TestCommand implements Callable<Integer> {
    @Mixin WeightsOptions weights;
    @Option(names = "--all", description = "The whole test split, even if the run trained with --limit-images.") boolean all;
    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "96", description = "With --checkpoint: batch size (default: ${DEFAULT-VALUE}).") int batchSize;
    @Mixin DataOptions dataOptions;
    @Mixin CommonOptions common;

    @Override
    public Integer call() throws Exception {
        if (batchSize < 1) throw new UsageException("--batch-size must be at least 1, got " + batchSize);
        WeightsOptions.Resolved w = weights.resolve(dataOptions, batchSize, all);
        Backend b = common.backend();
        Evaluation.Result r;
        java.util.List<String> classNames;
        try (TrainJob job = RunData.open(() -> TrainJob.forTest(w.cfg(), w.data().spec(), w.data().loading(), b))) {
            w.load(job.trainer().network());
            r = job.test();
            classNames = job.testSet().info().classNames();
        }
        if (common.json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("images", r.images());
            j.put("top1", r.top1());
            j.put("top5", r.top5());
            j.put("loss", r.loss());
            java.util.List<java.util.List<Long>> cm = new java.util.ArrayList<>();
            for (long[] row : r.confusion()) cm.add(java.util.Arrays.stream(row).boxed().toList());
            j.put("confusion", cm);
            j.put("classes", classNames);
            Main.out().println(Json.write(j));
        } else {
            Main.out().printf("%d images: top-1 %.2f%%, top-5 %.2f%%, loss %.4f%n", r.images(), r.top1(), r.top5(), r.loss());
            Main.out().println("confusion matrix (rows: true class, columns: predicted):");
            for (int i = 0; i < r.confusion().length; i++) {
                StringBuilder line = new StringBuilder(String.format("%14s", classNames.get(i)));
                for (long v : r.confusion()[i]) line.append(String.format(" %5d", v));
                Main.out().println(line);
            }
        }
        return ExitCodes.OK;
    }
}

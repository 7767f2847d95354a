package dev.pcdarts.cli;

import dev.pcdarts.api.TrainJob;
import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.io.Json;
import dev.pcdarts.nas.config.EvalConfig;
import dev.pcdarts.nas.loop.Evaluation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** pcdarts test: evaluate a trained network. */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Evaluate the checkpoint of a 'pcdarts train' run on its test split: top-1, top-5, loss and the confusion matrix.",
        footer = {"%nExamples:", "  pcdarts test --run runs/20261129-120000-train", "  pcdarts test --run runs/X --all --json", ExitCodes.HELP})
final class TestCommand implements Callable<Integer> {
    @Option(names = "--run", paramLabel = "RUN_DIR", required = true, description = "A train run directory (config.json + checkpoint.safetensors).")
    Path runDir;
    @Option(names = "--all", description = "The whole test split, even if the run trained with --limit-images.") boolean all;
    @Mixin CommonOptions common;

    @Override
    public Integer call() throws Exception {
        Backend b = common.backend();
        try (RunDirectory run = RunDirectory.reading(runDir)) {
            return test(run, b);
        }
    }

    private int test(RunDirectory run, Backend b) throws Exception {
        Map<String, Object> m = RunFiles.config(run, "train");
        if (!Files.isRegularFile(run.checkpoint())) throw new UsageException(runDir + " has no checkpoint.safetensors");
        if (all) {
            @SuppressWarnings("unchecked")
            Map<String, Object> data = (Map<String, Object>) m.get("data");
            data.put("limit_images", 0);
        }
        EvalConfig cfg = RunFiles.parse(run, () -> EvalConfig.fromMap(m));
        RunData data = RunFiles.parse(run, () -> RunData.of(m));
        Evaluation.Result r;
        java.util.List<String> classNames;
        try (TrainJob job = RunData.open(() -> new TrainJob(cfg, data.spec(), data.loading(), 0, b, false, List.of()))) {
            RunFiles.restore(run, () -> job.resume(run.checkpoint()));
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

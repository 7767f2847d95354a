package dev.pcdarts.cli;

import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.io.Json;
import dev.pcdarts.engine.io.Safetensors;
import dev.pcdarts.nas.config.EvalConfig;
import dev.pcdarts.nas.eval.StateDict;
import dev.pcdarts.nas.train.EvalTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** pcdarts export: a train run's network as a PyTorch state_dict. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write the evaluation network of a 'pcdarts train' run as a PyTorch state_dict in safetensors: the reference's "
                + "names (model.py's NetworkCIFAR/NetworkImageNet), shapes and float32 tensors, plus the int64 num_batches_tracked of every "
                + "BatchNorm (the training steps taken; 0 when the checkpoint does not say).",
                "In Python: net.load_state_dict(safetensors.torch.load_file(FILE), strict=True)."},
        footer = {"%nExamples:", "  pcdarts export --run runs/20261129-120000-train --format torch --out net.safetensors", ExitCodes.HELP})
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--run", paramLabel = "RUN_DIR", required = true, description = "A train run directory.") Path runDir;
    @Option(names = "--format", paramLabel = "torch", defaultValue = "torch", description = "torch: a PyTorch state_dict (the only format).") String format;
    @Option(names = "--out", paramLabel = "FILE.safetensors", required = true, description = "Where to write it (replaced atomically).") Path out;
    @Mixin CommonOptions common;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("torch")) throw new UsageException("--format must be torch, got " + format);
        String name = out.getFileName().toString();
        if (name.endsWith(".pt") || name.endsWith(".pth")) {
            throw new UsageException("writing torch.save files is not supported: give a .safetensors name (torch reads it with "
                    + "safetensors.torch.load_file; 'pcdarts test' and '--init-from' read .pt files)");
        }
        if (!name.endsWith(".safetensors")) throw new UsageException("--out must end with .safetensors, got " + name);
        if (Files.isDirectory(out)) throw new UsageException("--out " + out + " is a directory");
        Backend b = common.backend();
        RunDirectory run = RunDirectory.reading(runDir);
        Map<String, Object> m = RunFiles.config(run, "train");
        if (!Files.isRegularFile(run.checkpoint())) throw new UsageException(runDir + " has no checkpoint.safetensors");
        EvalConfig cfg = RunFiles.parse(run, () -> EvalConfig.fromJson(Json.write(m)));
        EvalTrainer trainer = new EvalTrainer(b, cfg, List.of());
        RunFiles.restore(run, () -> trainer.resume(run.checkpoint()));
        long steps = Math.max(0, trainer.trainSteps());
        var state = StateDict.of(trainer.network(), steps);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt"); // what safetensors.torch.save_file writes
        meta.put("pcdarts_config", cfg.toJson());
        try {
            Safetensors.write(out, state, meta);
        } catch (IOException e) {
            throw new RunWriteException(out, "", e);
        }
        if (common.json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("out", out.toString());
            j.put("tensors", state.size());
            j.put("num_batches_tracked", steps);
            Main.out().println(Json.write(j));
        } else {
            Main.out().printf("%s: %d tensors (num_batches_tracked %d)%n", out, state.size(), steps);
        }
        return ExitCodes.OK;
    }
}

package dev.pcdarts.cli;

import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.io.Json;
import dev.pcdarts.nas.config.EvalConfig;
import dev.pcdarts.nas.eval.StateDict;
import dev.pcdarts.nas.onnx.OnnxExport;
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

/** pcdarts export: a train run's network as a PyTorch state_dict or an ONNX model. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write the evaluation network of a 'pcdarts train' run as a PyTorch state_dict (--format torch) or as an ONNX "
                + "model for inference (--format onnx).",
                "torch: the reference's names (model.py's NetworkCIFAR/NetworkImageNet), shapes and float32 tensors, plus the int64 "
                + "num_batches_tracked of every BatchNorm (the training steps taken; 0 when the checkpoint does not say); a .safetensors "
                + "name gives safetensors, a .pt or .pth name a torch.save file. In Python: net.load_state_dict(torch.load(FILE), "
                + "strict=True), or safetensors.torch.load_file(FILE) for safetensors.",
                "onnx: opset 17, eval mode (BatchNorm with its running statistics, no drop-path, no auxiliary head); input 'images' "
                + "[batch, C, H, W] (any batch; CIFAR networks take any even H and W, ImageNet ones 224x224), output 'logits' "
                + "[batch, classes], normalised images in as for 'pcdarts predict'."},
        footer = {"%nExamples:", "  pcdarts export --run runs/20261129-120000-train --format torch --out net.safetensors",
                "  pcdarts export --run runs/20261129-120000-train --format torch --out net.pt",
                "  pcdarts export --run runs/20261129-120000-train --format onnx --out net.onnx", ExitCodes.HELP})
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--run", paramLabel = "RUN_DIR", required = true, description = "A train run directory.") Path runDir;
    @Option(names = "--format", paramLabel = "torch|onnx", defaultValue = "torch",
            description = "torch: a PyTorch state_dict (default); onnx: an ONNX model.") String format;
    @Option(names = "--out", paramLabel = "FILE", required = true,
            description = "Where to write it (replaced atomically): .safetensors, .pt or .pth for torch, .onnx for onnx.") Path out;
    @Option(names = "--best", description = "The epoch of best validation top-1 (best.safetensors of train --keep-best) instead of the last.") boolean best;
    @Mixin CommonOptions common;

    @Override
    public Integer call() throws Exception {
        String name = out.getFileName().toString();
        boolean torchSave = name.endsWith(".pt") || name.endsWith(".pth");
        switch (format) {
            case "torch" -> {
                if (!torchSave && !name.endsWith(".safetensors")) throw new UsageException("--out must end with .safetensors, .pt or .pth, got " + name);
            }
            case "onnx" -> {
                if (!name.endsWith(".onnx")) throw new UsageException("--out must end with .onnx for --format onnx, got " + name);
            }
            default -> throw new UsageException("--format must be torch or onnx, got " + format);
        }
        if (Files.isDirectory(out)) throw new UsageException("--out " + out + " is a directory");
        Backend b = common.backend();
        RunDirectory run = RunDirectory.reading(runDir);
        refuseSearchRun(run);
        Map<String, Object> m = RunFiles.config(run, "train");
        Path weights = best ? run.file(BestCheckpoint.FILE) : run.checkpoint();
        if (!Files.isRegularFile(weights)) {
            throw new UsageException(runDir + " has no " + weights.getFileName() + (best ? " (train with --keep-best to keep one)" : ""));
        }
        EvalConfig cfg = RunFiles.parse(run, () -> EvalConfig.fromJson(Json.write(m)));
        EvalTrainer trainer = new EvalTrainer(b, cfg, List.of());
        RunFiles.restore(run, () -> trainer.resume(weights));
        long steps = Math.max(0, trainer.trainSteps());
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("out", out.toString());
        j.put("format", format.equals("onnx") ? "onnx" : torchSave ? "torch.save" : "safetensors");
        String summary;
        try {
            if (format.equals("onnx")) {
                OnnxExport.write(trainer.network(), out);
                summary = "ONNX opset 17, input " + OnnxExport.INPUT + ", output " + OnnxExport.OUTPUT;
            } else {
                Map<String, String> meta = new LinkedHashMap<>();
                meta.put("format", "pt"); // what safetensors.torch.save_file writes
                meta.put("pcdarts_config", cfg.toJson());
                int tensors = StateDict.write(trainer.network(), steps, out, torchSave ? StateDict.Format.TORCH_SAVE : StateDict.Format.SAFETENSORS, meta);
                j.put("tensors", tensors);
                j.put("num_batches_tracked", steps);
                summary = tensors + " tensors (num_batches_tracked " + steps + ")";
            }
        } catch (IOException e) {
            throw new RunWriteException(out, "", e);
        }
        if (common.json) Main.out().println(Json.write(j));
        else Main.out().printf("%s: %s%n", out, summary);
        return ExitCodes.OK;
    }

    /** A search run has no trained evaluation network; say what to do instead of "resume it". */
    private static void refuseSearchRun(RunDirectory run) {
        Object command;
        try {
            command = Json.parseObject(run.readText("config.json")).get("command");
        } catch (IllegalArgumentException | ClassCastException e) {
            return; // RunFiles.config names the damage
        }
        if ("search".equals(command)) {
            throw new UsageException(run.dir + " is a search run, which has no trained network to export: train its genotype first "
                    + "('pcdarts train --genotype " + run.file("genotype.json") + "') and export that run");
        }
    }
}

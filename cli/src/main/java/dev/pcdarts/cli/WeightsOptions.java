package dev.pcdarts.cli;

import dev.pcdarts.datasets.DataException;
import dev.pcdarts.engine.io.Safetensors;
import dev.pcdarts.io.Json;
import dev.pcdarts.nas.config.EvalConfig;
import dev.pcdarts.nas.eval.EvalNetwork;
import dev.pcdarts.nas.eval.StateDict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Which trained network test and predict use: a train run (its config.json and checkpoint), or
 * any state_dict file (PyTorch's or ours) with the architecture given as options; the number of
 * classes and input channels are read off the file's classifier and stem.
 */
final class WeightsOptions {
    @Option(names = "--run", paramLabel = "RUN_DIR", description = "A train run directory (config.json + checkpoint.safetensors).") Path runDir;
    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "A state_dict (.safetensors or torch.save .pt, PyTorch's or 'pcdarts export''s) or a pcdarts checkpoint; give its architecture below.")
    Path checkpoint;
    @Option(names = "--best", description = "With --run: the epoch of best validation top-1 (best.safetensors of train --keep-best) instead of the last.")
    boolean best;
    @Option(names = "--genotype", paramLabel = "NAME|FILE|STRING", description = "With --checkpoint: the genotype (default: PC_DARTS_cifar).") String genotype;
    @Option(names = "--init-channels", paramLabel = "C", description = "With --checkpoint: initial channels (default: 36).") Integer initChannels;
    @Option(names = "--layers", paramLabel = "N", description = "With --checkpoint: cells (default: 20).") Integer layers;
    @Option(names = "--auxiliary", description = "With --checkpoint: the file holds an auxiliary head.") boolean auxiliary;
    @Option(names = "--imagenet", description = "With --checkpoint: NetworkImageNet.") boolean imagenet;

    /** The network's configuration, where its images come from, and the file of its weights. */
    record Resolved(EvalConfig cfg, RunData data, Path weights, Map<String, Safetensors.Entry> state) {
        /** Copies the weights into {@code net}; a file that does not fit is a data error naming it and the first offending key. */
        void load(EvalNetwork net) {
            try {
                if (state == null) StateDict.load(net, weights);
                else StateDict.load(net, state, weights);
            } catch (IOException e) {
                throw new DataException(e.getMessage().lines().findFirst().orElse(weights + ": cannot be read"));
            }
        }
    }

    /** Resolves the options; {@code data} (when it names images) replaces the run's data. */
    Resolved resolve(DataOptions data, int batchSize, boolean all) {
        if ((runDir == null) == (checkpoint == null)) throw new UsageException("give either --run RUN_DIR or --checkpoint FILE");
        if (best && runDir == null) throw new UsageException("--best goes with --run RUN_DIR");
        boolean dataGiven = data.dataset != null || data.data != null;
        if (runDir != null) {
            if (genotype != null || initChannels != null || layers != null || auxiliary || imagenet) {
                throw new UsageException("--genotype, --init-channels, --layers, --auxiliary and --imagenet go with --checkpoint; a run has its own");
            }
            RunDirectory run = RunDirectory.reading(runDir);
            Map<String, Object> m = RunFiles.config(run, "train");
            Path weights = best ? run.file(BestCheckpoint.FILE) : run.checkpoint();
            if (!Files.isRegularFile(weights)) {
                throw new UsageException(runDir + " has no " + weights.getFileName() + (best ? " (train with --keep-best to keep one)" : ""));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> d = (Map<String, Object>) m.get("data");
            if (d != null && all) d.put("limit_images", 0);
            if (d != null && dataGiven) {
                d.putAll(RunData.specMap(data.spec()));
                d.put("limit_images", 0);
            }
            EvalConfig cfg = RunFiles.parse(run, () -> EvalConfig.fromJson(Json.write(m)));
            return new Resolved(cfg, RunFiles.parse(run, () -> RunData.of(m)), weights, null);
        }
        Map<String, Safetensors.Entry> state;
        try {
            state = StateDict.read(checkpoint);
        } catch (IOException e) {
            throw new DataException(e.getMessage().lines().findFirst().orElse(checkpoint + ": cannot be read"));
        }
        Safetensors.Entry cls = state.get("classifier.weight");
        Safetensors.Entry stem = state.get(imagenet ? "stem0.0.weight" : "stem.0.weight");
        if (cls == null || cls.shape().length != 2) throw DataException.of(checkpoint, "does not fit this network: missing key classifier.weight");
        if (stem == null || stem.shape().length != 4) {
            throw DataException.of(checkpoint, "does not fit this network: missing key " + (imagenet ? "stem0.0.weight" : "stem.0.weight"));
        }
        EvalConfig cfg;
        try {
            cfg = EvalConfig.forWeights(GenotypeCommand.resolve(genotype != null ? genotype : "PC_DARTS_cifar").toJson(), initChannels != null ? initChannels : 36,
                    layers != null ? layers : 20, auxiliary, imagenet, cls.shape()[0], stem.shape()[1]);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        data.validate();
        var loading = new dev.pcdarts.api.Loading(batchSize, 0.5, 0, data.workers);
        return new Resolved(cfg, new RunData(data.spec().withImageSize(imagenet ? 256 : data.imageSize), loading, dev.pcdarts.api.Augmentation.reference()), checkpoint, state);
    }
}

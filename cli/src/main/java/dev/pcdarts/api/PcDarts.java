package dev.pcdarts.api;

import dev.pcdarts.datasets.catalog.DataSpec;
import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.nas.compute.Compute;
import dev.pcdarts.nas.config.EvalConfig;
import dev.pcdarts.nas.config.SearchConfig;
import dev.pcdarts.nas.eval.StateDict;
import dev.pcdarts.nas.loop.Evaluation;
import dev.pcdarts.nas.loop.TrainListener;
import dev.pcdarts.nas.train.EvalTrainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * pcdarts from Java: search, train and test with typed configurations, on the best backend
 * available (or one given). Listeners see every step and epoch; a checkpoint path, where given,
 * gets the loop's state after every epoch.
 *
 * <pre>{@code
 * SearchResult found = PcDarts.search(SearchConfig.quick(10, 1), DataSpec.embedded(), Loading.quick());
 * TrainResult trained = PcDarts.train(EvalConfig.quick(found.genotype().toJson(), 10, 1), DataSpec.embedded(), Loading.quick());
 * }</pre>
 */
public final class PcDarts {
    private PcDarts() {}

    /** The backend pcdarts picks without being told (pcdarts.backend, PCDARTS_BACKEND, else the best available). */
    public static Backend defaultBackend() {
        return Compute.open();
    }

    public static SearchResult search(SearchConfig cfg, DataSpec data, Loading loading, TrainListener... listeners) throws IOException {
        return search(defaultBackend(), cfg, data, loading, null, listeners);
    }

    public static SearchResult search(Backend backend, SearchConfig cfg, DataSpec data, Loading loading, Path checkpoint, TrainListener... listeners)
            throws IOException {
        try (SearchJob job = new SearchJob(cfg, data, loading, backend, true, List.of(listeners))) {
            return job.run(checkpoint);
        }
    }

    public static TrainResult train(EvalConfig cfg, DataSpec data, Loading loading, TrainListener... listeners) throws IOException {
        return train(defaultBackend(), cfg, data, loading, null, listeners);
    }

    public static TrainResult train(Backend backend, EvalConfig cfg, DataSpec data, Loading loading, Path checkpoint, TrainListener... listeners)
            throws IOException {
        try (TrainJob job = new TrainJob(cfg, data, loading, Augmentation.reference(), backend, false, List.of(listeners))) {
            return job.run(checkpoint);
        }
    }

    /** The test split's loss, top-1/top-5 and confusion matrix for the network in {@code checkpoint}. */
    public static Evaluation.Result test(EvalConfig cfg, DataSpec data, Loading loading, Path checkpoint) throws IOException {
        try (TrainJob job = TrainJob.forTest(cfg, data, loading, defaultBackend())) {
            job.resume(checkpoint);
            return job.test();
        }
    }

    /**
     * Like {@link #test(EvalConfig, DataSpec, Loading, Path)} for any state_dict file: a PyTorch
     * one (safetensors or torch.save), an exported one, or a checkpoint; names and shapes must
     * match the configuration's network exactly.
     */
    public static Evaluation.Result testWeights(EvalConfig cfg, DataSpec data, Loading loading, Path weights) throws IOException {
        try (TrainJob job = TrainJob.forTest(cfg, data, loading, defaultBackend())) {
            job.initFrom(weights);
            return job.test();
        }
    }

    /**
     * Writes the network of a train checkpoint as a PyTorch state_dict in safetensors (see
     * {@link StateDict#of}); num_batches_tracked is the checkpoint's training steps, 0 if unknown.
     */
    public static void exportStateDict(EvalConfig cfg, Path checkpoint, Path out) throws IOException {
        EvalTrainer trainer = new EvalTrainer(defaultBackend(), cfg, List.of());
        trainer.resume(checkpoint);
        StateDict.write(trainer.network(), Math.max(0, trainer.trainSteps()), out, StateDict.Format.SAFETENSORS, java.util.Map.of("format", "pt"));
    }
}

package dev.pcdarts.api;

import dev.pcdarts.datasets.ImageSet;
import dev.pcdarts.datasets.Splits;
import dev.pcdarts.datasets.augment.CifarTransform;
import dev.pcdarts.datasets.catalog.DataSpec;
import dev.pcdarts.datasets.catalog.Datasets;
import dev.pcdarts.datasets.loader.Loader;
import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.nas.config.SearchConfig;
import dev.pcdarts.nas.loop.TrainListener;
import dev.pcdarts.nas.train.SearchTrainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A search ready to run: the data opened and split into the weights' and the architecture's
 * halves, their loaders, and the search loop. {@link PcDarts#search} runs one to the end; the
 * command line resumes one, stops it on a signal and records it.
 */
public final class SearchJob implements AutoCloseable {
    private final ImageSet train;
    private final LoaderSource weights;
    private final LoaderSource arch;
    private final SearchTrainer trainer;

    public SearchJob(SearchConfig cfg, DataSpec data, Loading loading, Backend backend, boolean recomputeActivations, List<TrainListener> listeners) {
        this.train = Datasets.open(data, true);
        if (train.info().channels() != cfg.inChannels() || train.info().classes() != cfg.classes()) {
            train.close();
            throw new IllegalArgumentException("the data (" + train.info().channels() + " channels, " + train.info().classes()
                    + " classes) does not match the configuration (" + cfg.inChannels() + " channels, " + cfg.classes() + " classes)");
        }
        Splits.Pair split = Splits.search(train, loading.trainPortion(), null);
        CifarTransform tf = new CifarTransform(4, true, 0); // the reference's train transform, on both halves
        int b = loading.batchSize();
        this.weights = new LoaderSource(split.weights(), tf, new Loader.Options(b, true, false, loading.workers(), 4, cfg.seed()), loading.limitImages());
        this.arch = new LoaderSource(split.arch(), tf, new Loader.Options(b, true, false, loading.workers(), 4, cfg.seed() + 1), loading.limitImages());
        this.trainer = new SearchTrainer(backend, cfg, listeners).recomputeActivations(recomputeActivations);
    }

    /** The training images (for provenance: their fingerprint). */
    public ImageSet trainingSet() {
        return train;
    }

    public SearchTrainer trainer() {
        return trainer;
    }

    /** Continues from a checkpoint of this configuration. */
    public void resume(Path checkpoint) throws IOException {
        trainer.resume(checkpoint);
    }

    /** Checked after every step: when it says so, the job writes a checkpoint and stops. */
    public void stopWhen(BooleanSupplier stop) {
        trainer.setStopRequested(stop);
    }

    /** Runs to the end, writing a checkpoint after every epoch when {@code checkpoint} is not null. */
    public SearchResult run(Path checkpoint) throws IOException {
        SearchTrainer.Result r = trainer.run(weights, arch, checkpoint);
        return new SearchResult(r.genotype(), trainer.archWeights(), r.last());
    }

    @Override
    public void close() {
        weights.close();
        arch.close();
        train.close();
    }
}

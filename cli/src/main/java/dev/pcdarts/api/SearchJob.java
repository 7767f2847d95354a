package dev.pcdarts.api;

import dev.pcdarts.datasets.ImageSet;
import dev.pcdarts.datasets.Splits;
import dev.pcdarts.datasets.augment.ImageNetTransform;
import dev.pcdarts.datasets.augment.SampleTransform;
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
public final class SearchJob implements Job {
    /** ImageNet images are stored as 256-pixel centre crops, from which the 224-pixel random crops are cut. */
    private static final int IMAGENET_STORED = 256;
    private final ImageSet train;
    private final ImageSet archImages;
    private final LoaderSource weights;
    private final LoaderSource arch;
    private final SearchTrainer trainer;

    public SearchJob(SearchConfig cfg, DataSpec data, Loading loading, Backend backend, boolean recomputeActivations, List<TrainListener> listeners) {
        this(cfg, data, loading, Augmentation.reference(), backend, recomputeActivations, listeners);
    }

    /**
     * The CIFAR-style search splits the training set into the two halves; the ImageNet search
     * ({@code cfg.imagenet()}) takes the weights' images from the training split and the
     * architecture's from the "test" split (train/ and val/ folders, or the train.txt and val.txt
     * lists of {@code pcdarts data subsample}), as train_search_imagenet.py, with its
     * RandomResizedCrop(224) and flip and no colour jitter.
     */
    public SearchJob(SearchConfig cfg, DataSpec data, Loading loading, Augmentation augmentation, Backend backend, boolean recomputeActivations,
                     List<TrainListener> listeners) {
        this.train = Datasets.open(cfg.imagenet() ? data.withImageSize(IMAGENET_STORED) : data, true);
        ImageSet archImages = null;
        try {
            if (train.info().channels() != cfg.inChannels() || train.info().classes() != cfg.classes()) {
                throw new IllegalArgumentException("the data (" + train.info().channels() + " channels, " + train.info().classes()
                        + " classes) does not match the configuration (" + cfg.inChannels() + " channels, " + cfg.classes() + " classes)");
            }
            ImageSet weightImages;
            SampleTransform tf;
            if (cfg.imagenet()) {
                archImages = Datasets.open(data.withImageSize(IMAGENET_STORED), false);
                if (archImages.info().classes() != cfg.classes()) {
                    throw new IllegalArgumentException("the architecture's images have " + archImages.info().classes() + " classes, the weights' " + cfg.classes());
                }
                weightImages = train;
                tf = new ImageNetTransform(224, true, 0, 0, 0, 0);
            } else {
                Splits.Pair split = Splits.search(train, loading.trainPortion(), null);
                weightImages = split.weights();
                archImages = split.arch();
                tf = augmentation.trainTransform(); // the reference's train transform, on both halves
            }
            this.archImages = cfg.imagenet() ? archImages : null;
            int b = loading.batchSize();
            this.weights = new LoaderSource(weightImages, tf, new Loader.Options(b, true, false, loading.workers(), 4, cfg.seed()), loading.limitImages());
            this.arch = new LoaderSource(archImages, tf, new Loader.Options(b, true, false, loading.workers(), 4, cfg.seed() + 1), loading.limitImages());
        } catch (RuntimeException e) {
            train.close();
            if (cfg.imagenet() && archImages != null) archImages.close();
            throw e;
        }
        this.trainer = new SearchTrainer(backend, cfg, listeners).recomputeActivations(recomputeActivations);
    }

    /** The training images (for provenance: their fingerprint). */
    @Override
    public ImageSet trainingSet() {
        return train;
    }

    public SearchTrainer trainer() {
        return trainer;
    }

    /** Continues from a checkpoint of this configuration. */
    @Override
    public void resume(Path checkpoint) throws IOException {
        trainer.resume(checkpoint);
    }

    /** Checked after every step: when it says so, the job writes a checkpoint and stops. */
    @Override
    public void stopWhen(BooleanSupplier stop) {
        trainer.setStopRequested(stop);
    }

    @Override
    public void checkpointEvery(int steps) {
        trainer.setCheckpointEvery(steps);
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
        if (archImages != null) archImages.close();
    }
}

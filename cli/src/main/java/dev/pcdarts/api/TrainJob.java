package dev.pcdarts.api;

import dev.pcdarts.datasets.ImageSet;
import dev.pcdarts.datasets.augment.CifarTransform;
import dev.pcdarts.datasets.augment.ImageNetTransform;
import dev.pcdarts.datasets.augment.SampleTransform;
import dev.pcdarts.datasets.catalog.DataSpec;
import dev.pcdarts.datasets.catalog.Datasets;
import dev.pcdarts.datasets.loader.Loader;
import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.nas.config.EvalConfig;
import dev.pcdarts.nas.loop.Evaluation;
import dev.pcdarts.nas.loop.TrainListener;
import dev.pcdarts.nas.train.EvalTrainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A training of an evaluation network ready to run: the training and test splits, their loaders
 * (the reference's augmentation with the given crop padding and cutout), and the training loop.
 * The test split validates every epoch and is what {@link #test} evaluates.
 */
public final class TrainJob implements Job {
    private final ImageSet train;
    private final ImageSet test;
    private final LoaderSource trainSource;
    private final LoaderSource testSource;
    private final EvalTrainer trainer;

    public TrainJob(EvalConfig cfg, DataSpec data, Loading loading, Augmentation augmentation, Backend backend, boolean recomputeActivations,
                    List<TrainListener> listeners) {
        this(cfg, data, loading, augmentation, backend, recomputeActivations, listeners, true);
    }

    /**
     * The network of {@code cfg} and the test split alone, for {@link #test} after {@link #resume}
     * or {@link #initFrom}: the training images are never opened, so a test needs only its own data.
     */
    public static TrainJob forTest(EvalConfig cfg, DataSpec data, Loading loading, Backend backend) {
        return new TrainJob(cfg, data, loading, Augmentation.reference(), backend, false, List.of(), false);
    }

    private TrainJob(EvalConfig cfg, DataSpec data, Loading loading, Augmentation augmentation, Backend backend, boolean recomputeActivations,
                     List<TrainListener> listeners, boolean training) {
        this.test = Datasets.open(data, false);
        try {
            this.train = training ? Datasets.open(data, true) : null;
        } catch (RuntimeException e) {
            test.close();
            throw e;
        }
        ImageSet probe = training ? train : test;
        if (!cfg.imagenet() && probe.info().channels() != cfg.inChannels() || probe.info().classes() != cfg.classes()) {
            close(train, test);
            throw new IllegalArgumentException("the data (" + probe.info().channels() + " channels, " + probe.info().classes()
                    + " classes) does not match the configuration (" + cfg.inChannels() + " channels, " + cfg.classes() + " classes)");
        }
        SampleTransform tt = cfg.imagenet() ? ImageNetTransform.train(224) : augmentation.trainTransform();
        SampleTransform et = cfg.imagenet() ? ImageNetTransform.eval(224) : CifarTransform.eval();
        int b = loading.batchSize();
        this.trainSource = training ? new LoaderSource(train, tt, new Loader.Options(b, true, false, loading.workers(), 4, cfg.seed()), loading.limitImages()) : null;
        this.testSource = new LoaderSource(LoaderSource.first(test, loading.limitImages()), et,
                new Loader.Options(b, false, false, loading.workers(), 4, cfg.seed()), 0);
        this.trainer = new EvalTrainer(backend, cfg, listeners).recomputeActivations(recomputeActivations);
    }

    private static void close(ImageSet... sets) {
        for (ImageSet s : sets) if (s != null) s.close();
    }

    /** The training images (for provenance: their fingerprint); null in a job made by {@link #forTest}. */
    @Override
    public ImageSet trainingSet() {
        return train;
    }

    public ImageSet testSet() {
        return test;
    }

    public EvalTrainer trainer() {
        return trainer;
    }

    @Override
    public void resume(Path checkpoint) throws IOException {
        trainer.resume(checkpoint);
    }

    /** Starts from a state_dict's weights (PyTorch's or ours, strict names and shapes) instead of the seeded initialisation. */
    public void initFrom(Path weights) throws IOException {
        trainer.initFrom(weights);
    }

    @Override
    public void stopWhen(BooleanSupplier stop) {
        trainer.setStopRequested(stop);
    }

    @Override
    public void checkpointEvery(int steps) {
        trainer.setCheckpointEvery(steps);
    }

    /** Trains to the end, writing a checkpoint after every epoch when {@code checkpoint} is not null. */
    public TrainResult run(Path checkpoint) throws IOException {
        if (trainSource == null) throw new IllegalStateException("a job made by forTest has no training images");
        return new TrainResult(trainer.run(trainSource, testSource, checkpoint));
    }

    /** Evaluates the network as it is (after {@link #resume}, a checkpoint's) on the test split. */
    public Evaluation.Result test() {
        return trainer.evaluate(testSource, 0);
    }

    @Override
    public void close() {
        if (trainSource != null) trainSource.close();
        testSource.close();
        close(train, test);
    }
}

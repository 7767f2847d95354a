package dev.pcdarts.cli;

import picocli.CommandLine.Option;

/**
 * The weight optimiser's and the augmentation's flags, shared by search and train; a flag left
 * unset (null) takes the command's preset.
 */
final class OptimizerOptions {
    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (search: 50; train: 600).") Integer epochs;
    @Option(names = "--batch-size", paramLabel = "N", description = "Batch size (search: 256, DARTS 64; train: 96; ImageNet 1024).") Integer batchSize;
    @Option(names = "--lr", description = "Weight learning rate (search: 0.1, DARTS 0.025, ImageNet 0.5; train: 0.025, ImageNet 0.5).") Double lr;
    @Option(names = "--lr-min", description = "Cosine floor (0; DARTS search 0.001).") Double lrMin;
    @Option(names = "--momentum", description = "SGD momentum (0.9).") Double momentum;
    @Option(names = "--weight-decay", description = "Weight decay (3e-4; ImageNet training 3e-5).") Double weightDecay;
    @Option(names = "--grad-clip", description = "Global gradient-norm clip (5; 0 turns it off).") Double gradClip;
    @Option(names = "--cutout", description = "Cutout augmentation (off; train --preset paper: on).") Boolean cutout;
    @Option(names = "--cutout-length", paramLabel = "PX", description = "Cutout size (16).") Integer cutoutLength;
    @Option(names = "--crop-padding", paramLabel = "PX", description = "Zero padding of the random crop, in pixels (4; 0 turns the random shift off).") Integer cropPadding;
}

package dev.pcdarts.api;

import dev.pcdarts.nas.loop.TrainListener;

/** What a training reached: the last epoch's figures (validation on the test split included). */
public record TrainResult(TrainListener.EpochStats last) {}

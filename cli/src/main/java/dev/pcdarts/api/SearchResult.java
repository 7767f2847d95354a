package dev.pcdarts.api;

import dev.pcdarts.nas.genotype.Genotype;
import dev.pcdarts.nas.loop.TrainListener;
import java.util.Map;

/**
 * What a search found: the genotype, the final architecture weights (softmaxed alphas,
 * edge-normalised betas, by the reference's names) and the last epoch's figures.
 */
public record SearchResult(Genotype genotype, Map<String, float[]> archWeights, TrainListener.EpochStats last) {}

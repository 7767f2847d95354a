package dev.pcdarts.nas.strategy;

import dev.pcdarts.engine.optim.Sgd;
import dev.pcdarts.nas.loop.Batch;

/** Takes one step of the architecture parameters, given a training and a validation batch. */
public interface ArchitectureStrategy {
    /**
     * @param lr              the weights' learning rate now (the unrolled step looks one SGD step ahead)
     * @param weightOptimizer the weights' optimiser (its momentum buffers, for the unrolled step)
     */
    void step(Batch train, Batch val, float lr, Sgd weightOptimizer);
}

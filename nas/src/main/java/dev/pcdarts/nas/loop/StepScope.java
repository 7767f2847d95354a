package dev.pcdarts.nas.loop;

import dev.pcdarts.engine.autograd.GradMode;
import dev.pcdarts.engine.autograd.Recompute;
import dev.pcdarts.engine.backend.Backend;

/**
 * The engine's policy for one step, owned here so that no caller repeats it: the backend learns
 * that a new iteration of the same step begins (its memory plan reuses buffers by liveness), and
 * activations are kept or recomputed in backward as the job asks.
 */
public final class StepScope implements AutoCloseable {
    private final GradMode.Scope recompute;

    private StepScope(GradMode.Scope recompute) {
        this.recompute = recompute;
    }

    public static StepScope open(Backend backend, boolean recomputeActivations) {
        backend.markStep();
        return new StepScope(Recompute.set(recomputeActivations));
    }

    @Override
    public void close() {
        recompute.close();
    }
}

package dev.pcdarts.engine.nn;

import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.rng.RandomStream;
import dev.pcdarts.engine.tensor.Tensor;

/** Where new layers put their tensors and which stream initialises their weights. */
public record Init(Backend backend, RandomStream rng) {

    /** PyTorch's default for conv and linear: U(−1/√fanIn, 1/√fanIn). */
    public Tensor uniformFanIn(int fanIn, int... shape) {
        Tensor t = Tensor.zeros(backend, shape);
        float bound = (float) (1.0 / Math.sqrt(fanIn));
        float[] v = new float[t.size()];
        for (int i = 0; i < v.length; i++) v[i] = rng.uniform(-bound, bound);
        t.copyFrom(v);
        return t;
    }

    public Tensor filled(float value, int... shape) {
        Tensor t = Tensor.zeros(backend, shape);
        if (value != 0f) backend.fill(t, value);
        return t;
    }
}

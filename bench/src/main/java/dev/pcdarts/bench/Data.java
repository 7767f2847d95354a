package dev.pcdarts.bench;

import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.rng.RandomStream;
import dev.pcdarts.engine.tensor.Tensor;

/** Seeded random tensors for benchmarks. */
final class Data {
    private Data() {}

    static Tensor random(Backend b, long seed, int... shape) {
        Tensor t = Tensor.zeros(b, shape);
        RandomStream r = new RandomStream(seed);
        float[] v = new float[t.size()];
        for (int i = 0; i < v.length; i++) v[i] = r.uniform(-1f, 1f);
        t.copyFrom(v);
        return t;
    }
}

package dev.pcdarts.nas.eval;

import dev.pcdarts.engine.ops.ArithOps;
import dev.pcdarts.engine.rng.RandomStream;
import dev.pcdarts.engine.tensor.Tensor;

/** Drop-path: each sample's path is kept with probability 1−p and then scaled by 1/(1−p). */
public final class DropPath {
    private DropPath() {}

    public static Tensor apply(Tensor x, float p, RandomStream rng) {
        float keep = 1f - p;
        float[] s = new float[x.dim(0)];
        for (int n = 0; n < s.length; n++) s[n] = rng.nextDouble() < keep ? 1f / keep : 0f;
        return ArithOps.scaleSamples(x, s);
    }
}

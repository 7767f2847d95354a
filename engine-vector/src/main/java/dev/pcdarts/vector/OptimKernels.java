package dev.pcdarts.vector;

import jdk.incubator.vector.FloatVector;

/** SGD and Adam updates with PyTorch's arithmetic, vectorised with a scalar twin. */
final class OptimKernels {
    private OptimKernels() {}

    static void sgd(boolean vector, float[] p, float[] g, float[] buf, float lr, float mom, float wd, boolean first) {
        int i = 0;
        if (vector) {
            var F = Vec.F;
            for (int bound = F.loopBound(p.length); i < bound; i += Vec.L) {
                FloatVector pv = FloatVector.fromArray(F, p, i);
                FloatVector d = FloatVector.fromArray(F, g, i).add(pv.mul(wd));
                FloatVector b = first ? d : FloatVector.fromArray(F, buf, i).mul(mom).add(d);
                b.intoArray(buf, i);
                pv.sub(b.mul(lr)).intoArray(p, i);
            }
        }
        for (; i < p.length; i++) {
            float d = g[i] + wd * p[i];
            float b = first ? d : buf[i] * mom + d;
            buf[i] = b;
            p[i] = p[i] - lr * b;
        }
    }

    static void adam(boolean vector, float[] p, float[] g, float[] m, float[] v, float lr, float b1, float b2,
                     float eps, float wd, int step) {
        double bc1 = 1 - Math.pow(b1, step);
        double bc2 = 1 - Math.pow(b2, step);
        float stepSize = (float) (lr / bc1);
        float bc2Sqrt = (float) Math.sqrt(bc2);
        int i = 0;
        if (vector) {
            var F = Vec.F;
            for (int bound = F.loopBound(p.length); i < bound; i += Vec.L) {
                FloatVector pv = FloatVector.fromArray(F, p, i);
                FloatVector gv = FloatVector.fromArray(F, g, i).add(pv.mul(wd));
                FloatVector mv = FloatVector.fromArray(F, m, i).mul(b1).add(gv.mul(1 - b1));
                FloatVector vv = FloatVector.fromArray(F, v, i).mul(b2).add(gv.mul(gv).mul(1 - b2));
                mv.intoArray(m, i);
                vv.intoArray(v, i);
                FloatVector denom = vv.sqrt().div(bc2Sqrt).add(eps);
                pv.sub(mv.div(denom).mul(stepSize)).intoArray(p, i);
            }
        }
        for (; i < p.length; i++) {
            float gi = g[i] + wd * p[i];
            m[i] = m[i] * b1 + gi * (1 - b1);
            v[i] = v[i] * b2 + gi * gi * (1 - b2);
            float denom = (float) Math.sqrt(v[i]) / bc2Sqrt + eps;
            p[i] = p[i] - stepSize * (m[i] / denom);
        }
    }
}

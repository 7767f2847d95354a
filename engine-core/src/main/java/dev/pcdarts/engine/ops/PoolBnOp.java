package dev.pcdarts.engine.ops;

import dev.pcdarts.engine.autograd.FreshNode;
import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.backend.PoolGeometry;
import dev.pcdarts.engine.tensor.Tensor;

/**
 * Pooling → batch norm (training), the DARTS search space's pool ops (the reference appends an
 * affine-free BN to every pool in a MixedOp), as one node that keeps its input and the batch
 * statistics and recomputes the pooled tensor in backward. Same kernels on the same values as
 * the layer-by-layer graph, so the same bits.
 */
public final class PoolBnOp {
    private PoolBnOp() {}

    public static Tensor apply(Tensor x, boolean max, PoolGeometry g, BatchNormOp.Norm bn) {
        Backend b = x.backend();
        Tensor p = pool(x, max, g);
        BatchNormOp.Trained t = BatchNormOp.train(p, bn);
        Tensor y = t.y(), mean = t.mean(), invStd = t.invStd();
        if (!Recording.needed(x, bn.gamma(), bn.beta())) return y;
        return Recording.link(y, new FreshNode(x, bn.gamma(), bn.beta()) {
            @Override
            public Tensor[] backward(Tensor gy) {
                Tensor q = pool(x, max, g); // recomputed: the forward did not keep it
                Tensor gp = q.emptyLike();
                Tensor gg = needs(1) ? bn.gamma().emptyLike() : null;
                Tensor gb = needs(2) ? bn.beta().emptyLike() : null;
                b.batchNormBackward(q, gy, mean, invStd, bn.gamma(), true, gp, gg, gb);
                Tensor gx = null;
                if (needs(0)) {
                    gx = x.emptyLike();
                    if (max) b.maxPoolBackward(x, q, gp, gx, g);
                    else b.avgPoolBackward(gp, gx, g);
                }
                return new Tensor[] {gx, gg, gb};
            }

            @Override
            public String name() {
                return max ? "max_pool_bn" : "avg_pool_bn";
            }
        });
    }

    private static Tensor pool(Tensor x, boolean max, PoolGeometry g) {
        Tensor out = Tensor.empty(x.backend(), g.outShape());
        if (max) x.backend().maxPool(x, out, g);
        else x.backend().avgPool(x, out, g);
        return out;
    }
}

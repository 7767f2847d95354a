package dev.pcdarts.engine.ops;

import dev.pcdarts.engine.autograd.FreshNode;
import dev.pcdarts.engine.backend.PoolGeometry;
import dev.pcdarts.engine.tensor.Shapes;
import dev.pcdarts.engine.tensor.Tensor;

/** Max pooling (padding acts as -inf), average pooling (count_include_pad=false), global average. */
public final class PoolOps {
    private PoolOps() {}

    public static Tensor maxPool(Tensor x, int k, int stride, int pad) {
        PoolGeometry g = PoolGeometry.of("max_pool", x.shape(), k, stride, pad);
        Tensor out = Tensor.empty(x.backend(), g.outShape());
        x.backend().maxPool(x, out, g);
        if (!Recording.needed(x)) return out;
        return Recording.link(out, new FreshNode(x) {
            @Override
            public Tensor[] backward(Tensor gradOut) {
                Tensor gx = x.emptyLike();
                x.backend().maxPoolBackward(x, out, gradOut, gx, g);
                return new Tensor[] {gx};
            }

            @Override
            public String name() {
                return "max_pool";
            }
        });
    }

    public static Tensor avgPool(Tensor x, int k, int stride, int pad) {
        PoolGeometry g = PoolGeometry.of("avg_pool", x.shape(), k, stride, pad);
        Tensor out = Tensor.empty(x.backend(), g.outShape());
        x.backend().avgPool(x, out, g);
        if (!Recording.needed(x)) return out;
        int[] inShape = x.shape();
        return Recording.link(out, new FreshNode(x) {
            @Override
            public Tensor[] backward(Tensor gradOut) {
                Tensor gx = Tensor.empty(gradOut.backend(), inShape);
                gradOut.backend().avgPoolBackward(gradOut, gx, g);
                return new Tensor[] {gx};
            }

            @Override
            public String name() {
                return "avg_pool";
            }
        });
    }

    /** [N,C,H,W] → [N,C,1,1]. */
    public static Tensor globalAvgPool(Tensor x) {
        Shapes.requireRank("global_avg_pool", x, 4);
        Tensor out = Tensor.empty(x.backend(), x.dim(0), x.dim(1), 1, 1);
        x.backend().globalAvgPool(x, out);
        if (!Recording.needed(x)) return out;
        int[] inShape = x.shape();
        return Recording.link(out, new FreshNode(x) {
            @Override
            public Tensor[] backward(Tensor gradOut) {
                Tensor gx = Tensor.empty(gradOut.backend(), inShape);
                gradOut.backend().globalAvgPoolBackward(gradOut, gx);
                return new Tensor[] {gx};
            }

            @Override
            public String name() {
                return "global_avg_pool";
            }
        });
    }
}

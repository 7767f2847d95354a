package dev.pcdarts.engine.ops;

import dev.pcdarts.engine.autograd.FreshNode;
import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.backend.ConvGeometry;
import dev.pcdarts.engine.tensor.Tensor;

/**
 * DARTS' FactorizedReduce in training as one node: ReLU, two 1x1 stride-2 convolutions (the
 * second on the input shifted by one pixel), channel concatenation, batch norm. It keeps its input
 * and the batch statistics and recomputes the rest in backward, running the same kernels on the
 * same values as the layer-by-layer graph (the same bits).
 */
public final class FactorizedReduceOp {
    private FactorizedReduceOp() {}

    public static Tensor apply(Tensor x, Tensor w1, ConvGeometry g1, Tensor w2, ConvGeometry g2, BatchNormOp.Norm bn) {
        Backend b = x.backend();
        Tensor[] a = activations(x, w1, g1, w2, g2);
        Tensor cat = a[4];
        BatchNormOp.Trained t = BatchNormOp.train(cat, bn);
        Tensor y = t.y(), mean = t.mean(), invStd = t.invStd();
        if (!Recording.needed(x, w1, w2, bn.gamma(), bn.beta())) return y;
        return Recording.link(y, new FreshNode(x, w1, w2, bn.gamma(), bn.beta()) {
            @Override
            public Tensor[] backward(Tensor gy) {
                Tensor[] r = activations(x, w1, g1, w2, g2); // relu, conv1, shifted, conv2, concat
                Tensor gcat = r[4].emptyLike();
                Tensor gg = needs(3) ? bn.gamma().emptyLike() : null;
                Tensor gb = needs(4) ? bn.beta().emptyLike() : null;
                b.batchNormBackward(r[4], gy, mean, invStd, bn.gamma(), true, gcat, gg, gb);
                Tensor ga = r[1].emptyLike();
                Tensor gc = r[3].emptyLike();
                b.copyChannels(gcat, 0, ga, 0, ga.dim(1), false);
                b.copyChannels(gcat, ga.dim(1), gc, 0, gc.dim(1), false);
                Tensor gw1 = needs(1) ? w1.emptyLike() : null;
                Tensor gw2 = needs(2) ? w2.emptyLike() : null;
                if (gw2 != null) b.conv2dBackwardWeight(r[2], gc, gw2, g2);
                if (gw1 != null) b.conv2dBackwardWeight(r[0], ga, gw1, g1);
                Tensor gx = null;
                if (needs(0)) {
                    Tensor gs = r[2].emptyLike();
                    b.conv2dBackwardInput(gc, w2, gs, g2);
                    Tensor fromShift = r[0].emptyLike();
                    b.spatialScatter(gs, fromShift, 1, 1);
                    Tensor fromConv = r[0].emptyLike();
                    b.conv2dBackwardInput(ga, w1, fromConv, g1);
                    Tensor gr = r[0].emptyLike();
                    b.add(fromShift, fromConv, gr); // the order autograd adds them in: the shifted path's arrives first
                    gx = x.emptyLike();
                    b.reluBackward(r[0], gr, gx);
                }
                return new Tensor[] {gx, gw1, gw2, gg, gb};
            }

            @Override
            public String name() {
                return "factorized_reduce";
            }
        });
    }

    /** relu(x), conv1 of it, relu(x)[:, :, 1:, 1:], conv2 of that, and the two convolutions concatenated. */
    private static Tensor[] activations(Tensor x, Tensor w1, ConvGeometry g1, Tensor w2, ConvGeometry g2) {
        Backend b = x.backend();
        Tensor r = x.emptyLike();
        b.relu(x, r);
        Tensor a = Tensor.empty(b, g1.outShape());
        b.conv2d(r, w1, a, g1);
        Tensor s = Tensor.empty(b, x.dim(0), x.dim(1), x.dim(2) - 1, x.dim(3) - 1);
        b.spatialGather(r, s, 1, 1);
        Tensor c = Tensor.empty(b, g2.outShape());
        b.conv2d(s, w2, c, g2);
        Tensor cat = Tensor.empty(b, a.dim(0), a.dim(1) + c.dim(1), a.dim(2), a.dim(3));
        b.copyChannels(a, 0, cat, 0, a.dim(1), false);
        b.copyChannels(c, 0, cat, a.dim(1), c.dim(1), false);
        return new Tensor[] {r, a, s, c, cat};
    }
}

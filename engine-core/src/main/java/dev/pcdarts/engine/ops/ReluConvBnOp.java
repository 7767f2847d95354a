package dev.pcdarts.engine.ops;

import dev.pcdarts.engine.autograd.FreshNode;
import dev.pcdarts.engine.autograd.Recompute;
import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.backend.ConvGeometry;
import dev.pcdarts.engine.tensor.Tensor;

/**
 * ReLU → one or more convolutions → batch norm (training), the unit of every DARTS conv op, as
 * one node that keeps only its input and the batch statistics. Backward recomputes the ReLU and
 * convolution outputs from the input (cheap next to keeping them: a separable conv would keep
 * seven tensors, this keeps its input, which the network keeps anyway, and its output, which the
 * next layer keeps). Under {@link Recompute#keepActivations} it also keeps batch norm's input,
 * the last convolution's output, so that backward recomputes all but that convolution (the
 * pointwise one of a separable conv, the costliest); run again for a recomputed block's backward
 * ({@link Recompute#block}) it keeps every activation, so that nothing runs a third time. It runs
 * the same kernels on the same values as the layer-by-layer graph, so forward and gradients are
 * bit-identical to it. Where the backend applies a ReLU as its convolution reads the input
 * ({@link Backend#fusesReluInto}), relu(x) is never written at all.
 */
public final class ReluConvBnOp {
    private ReluConvBnOp() {}

    public static Tensor apply(Tensor x, Tensor[] weights, ConvGeometry[] geometries, BatchNormOp.Norm bn) {
        Backend b = x.backend();
        boolean fused = b.fusesReluInto(geometries[0]); // the first convolution reads relu(x) from x
        Tensor[] acts = activations(x, weights, geometries, fused, weights.length);
        Tensor p = acts[weights.length];
        BatchNormOp.Trained t = BatchNormOp.train(p, bn);
        Tensor y = t.y(), mean = t.mean(), invStd = t.invStd();
        int k = weights.length;
        Tensor[] inputs = new Tensor[k + 3];
        inputs[0] = x;
        System.arraycopy(weights, 0, inputs, 1, k);
        inputs[k + 1] = bn.gamma();
        inputs[k + 2] = bn.beta();
        if (!Recording.needed(inputs)) return y;
        // A block run again for its backward keeps everything (it lives for one block's backward);
        // otherwise batch norm's input at most, so that the last convolution needs no second run.
        Tensor[] keptAll = Recompute.isReplaying() ? acts : null;
        Tensor kept = keptAll == null && !Recompute.isEnabled() ? p : null;
        return Recording.link(y, new FreshNode(inputs) {
            @Override
            public Tensor[] backward(Tensor gy) {
                Tensor[] a = keptAll != null ? keptAll : activations(x, weights, geometries, fused, kept != null ? k - 1 : k);
                if (kept != null) a[k] = kept;
                Tensor[] grads = new Tensor[k + 3];
                Tensor g = a[k].emptyLike();
                if (needs(k + 1)) grads[k + 1] = bn.gamma().emptyLike();
                if (needs(k + 2)) grads[k + 2] = bn.beta().emptyLike();
                b.batchNormBackward(a[k], gy, mean, invStd, bn.gamma(), true, g, grads[k + 1], grads[k + 2]);
                for (int i = k - 1; i >= 0; i--) {
                    boolean reads = i == 0 && fused; // this convolution read relu(x) from x
                    if (needs(i + 1)) {
                        grads[i + 1] = weights[i].emptyLike();
                        if (reads) b.reluConv2dBackwardWeight(x, g, grads[i + 1], geometries[i]);
                        else b.conv2dBackwardWeight(a[i], g, grads[i + 1], geometries[i]);
                    }
                    if (i == 0 && !needs(0)) break;
                    if (reads) {
                        grads[0] = x.emptyLike();
                        b.reluConv2dBackwardInput(x, g, weights[0], grads[0], geometries[0]);
                        return grads;
                    }
                    Tensor gi = (i == 0 ? x : a[i]).emptyLike();
                    b.conv2dBackwardInput(g, weights[i], gi, geometries[i]);
                    g = gi;
                }
                if (needs(0)) {
                    grads[0] = x.emptyLike();
                    b.reluBackward(a[0], g, grads[0]);
                }
                return grads;
            }

            @Override
            public String name() {
                return "relu_conv_bn";
            }
        });
    }

    /**
     * relu(x) (null when the first convolution applies it as it reads x), then the outputs of the
     * first {@code convs} convolutions in turn (the array has room for all of them).
     */
    private static Tensor[] activations(Tensor x, Tensor[] weights, ConvGeometry[] geometries, boolean fused, int convs) {
        Backend b = x.backend();
        Tensor[] a = new Tensor[weights.length + 1];
        if (!fused) {
            a[0] = x.emptyLike();
            b.relu(x, a[0]);
        }
        for (int i = 0; i < convs; i++) {
            a[i + 1] = Tensor.empty(b, geometries[i].outShape());
            if (i == 0 && fused) b.reluConv2d(x, weights[0], a[1], geometries[0]);
            else b.conv2d(a[i], weights[i], a[i + 1], geometries[i]);
        }
        return a;
    }
}

package dev.pcdarts.engine.ops;

import dev.pcdarts.engine.autograd.Node;
import dev.pcdarts.engine.tensor.Shapes;
import dev.pcdarts.engine.tensor.Tensor;

/** Softmax and log-softmax over the last dimension, and mean cross-entropy with label smoothing. */
public final class LossOps {
    private LossOps() {}

    public static Tensor softmax(Tensor x) {
        return softmax(x, false);
    }

    public static Tensor logSoftmax(Tensor x) {
        return softmax(x, true);
    }

    private static Tensor softmax(Tensor x, boolean log) {
        if (x.rank() < 1 || x.numel() == 0) throw new IllegalArgumentException("softmax of an empty tensor " + Shapes.str(x.shape()));
        var b = x.backend();
        Tensor out = x.emptyLike();
        b.softmax(x, out, log);
        if (!Recording.needed(x)) return out;
        return Recording.link(out, new Node(x) {
            @Override
            public Tensor[] backward(Tensor g) {
                Tensor gx = x.emptyLike();
                b.softmaxBackward(out, g, gx, log);
                return new Tensor[] {gx};
            }

            @Override
            public String name() {
                return log ? "log_softmax" : "softmax";
            }
        });
    }

    /**
     * Mean over the batch of −Σ_c [(1−ε)·onehot + ε/C]·log_softmax(logits); ε = 0 is plain
     * cross-entropy. Targets must lie in [0, C).
     */
    public static Tensor crossEntropy(Tensor logits, int[] targets, float smoothing) {
        Shapes.requireRank("cross_entropy", logits, 2);
        int n = logits.dim(0);
        int c = logits.dim(1);
        if (targets.length != n) throw new IllegalArgumentException("cross_entropy: " + targets.length + " targets for " + n + " rows");
        for (int t : targets) {
            if (t < 0 || t >= c) throw new IllegalArgumentException("cross_entropy: target " + t + " outside [0, " + c + ")");
        }
        var b = logits.backend();
        boolean record = Recording.needed(logits);
        Tensor grad = record ? logits.emptyLike() : null;
        double loss = b.crossEntropy(logits, targets, smoothing, grad);
        Tensor out = Tensor.empty(b, 1);
        b.fill(out, (float) loss); // a kernel parameter, not an upload, where the backend is a device
        if (!record) return out;
        return Recording.link(out, new Node(logits) {
            @Override
            public Tensor[] backward(Tensor g) {
                Tensor gx = logits.zerosLike();
                b.axpyIndexed(g, 0, grad, gx);
                return new Tensor[] {gx};
            }

            @Override
            public String name() {
                return "cross_entropy";
            }
        });
    }

    /**
     * Softmax taken separately over consecutive segments of a 1-d tensor (PC-DARTS edge
     * normalisation: β[0:2], β[2:5], β[5:9], β[9:14]), by the backend's kernel.
     */
    public static Tensor segmentSoftmax(Tensor x, int[] lengths) {
        int total = 0;
        for (int len : lengths) total += len;
        if (x.rank() != 1 || total != x.numel()) {
            throw new IllegalArgumentException("segment_softmax: segments of total " + total + " for shape " + Shapes.str(x.shape()));
        }
        var b = x.backend();
        Tensor out = x.emptyLike();
        b.segmentSoftmax(x, lengths, out);
        if (!Recording.needed(x)) return out;
        return Recording.link(out, new Node(x) {
            @Override
            public Tensor[] backward(Tensor gradOut) {
                Tensor gx = x.emptyLike();
                b.segmentSoftmaxBackward(out, gradOut, lengths, gx);
                return new Tensor[] {gx};
            }

            @Override
            public String name() {
                return "segment_softmax";
            }
        });
    }
}

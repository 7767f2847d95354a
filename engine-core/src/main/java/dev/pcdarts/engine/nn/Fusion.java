package dev.pcdarts.engine.nn;

import dev.pcdarts.engine.autograd.GradMode;
import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.backend.ConvGeometry;
import dev.pcdarts.engine.ops.BatchNormOp;
import dev.pcdarts.engine.ops.Conv2dOp;
import dev.pcdarts.engine.ops.PoolBnOp;
import dev.pcdarts.engine.ops.ReluConvBnOp;
import dev.pcdarts.engine.tensor.Tensor;
import java.util.List;

/**
 * Where a {@link Sequential} runs a run of layers as one fused node: ReLU → Conv2d (one or two)
 * → BatchNorm2d ({@link ReluConvBnOp}) and MaxPool2d/AvgPool2d → BatchNorm2d ({@link PoolBnOp}).
 * Only while batch norm trains: recording, the layer-by-layer graph would keep every intermediate
 * for backward, and the fused nodes recompute them instead; not recording (the first run of a
 * {@link dev.pcdarts.engine.autograd.Recompute#block}), the fused kernels still spare writing
 * relu(x). In evaluation without gradients the first convolution reads relu(x) the same way and
 * batch norm runs on its own. The layers keep their names and parameters;
 * {@code -Dpcdarts.fuse=false} runs them one by one.
 */
public final class Fusion {
    private static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("pcdarts.fuse", "true"));

    private Fusion() {}

    /** Whether fused nodes may replace the layers (the callers check that batch norm trains). */
    public static boolean active() {
        return ENABLED;
    }

    /** The index after the fusable run starting at {@code i}, or {@code i} when there is none. */
    static int match(List<UnaryModule> layers, int i) {
        if (!active()) return i;
        UnaryModule first = layers.get(i);
        int j = i + 1;
        if (first instanceof Relu) {
            while (j < layers.size() && j - i <= 2 && layers.get(j) instanceof Conv2d) j++;
            if (j == i + 1) return i;
            if (j < layers.size() && layers.get(j) instanceof BatchNorm2d bn && bn.isTraining()) return j + 1;
            return GradMode.isEnabled() ? i : i + 2; // not recording (evaluation): the first convolution reads relu(x) itself
        } else if (!(first instanceof MaxPool2d || first instanceof AvgPool2d)) {
            return i;
        }
        return j < layers.size() && layers.get(j) instanceof BatchNorm2d bn && bn.isTraining() ? j + 1 : i;
    }

    /** Runs layers [from, to), a run {@link #match} found. */
    static Tensor forward(List<UnaryModule> layers, int from, int to, Tensor x) {
        if (!(layers.get(to - 1) instanceof BatchNorm2d)) return reluConv(layers.get(from), (Conv2d) layers.get(from + 1), x);
        BatchNormOp.Norm norm = ((BatchNorm2d) layers.get(to - 1)).norm();
        UnaryModule first = layers.get(from);
        if (first instanceof MaxPool2d m) return PoolBnOp.apply(x, true, m.geometry(x.shape()), norm);
        if (first instanceof AvgPool2d a) return PoolBnOp.apply(x, false, a.geometry(x.shape()), norm);
        int convs = to - from - 2;
        Tensor[] weights = new Tensor[convs];
        ConvGeometry[] geometries = new ConvGeometry[convs];
        int[] shape = x.shape();
        for (int k = 0; k < convs; k++) {
            Conv2d conv = (Conv2d) layers.get(from + 1 + k);
            weights[k] = conv.weight();
            geometries[k] = conv.geometry(shape);
            shape = geometries[k].outShape();
        }
        return ReluConvBnOp.apply(x, weights, geometries, norm);
    }

    /** ReLU then a convolution, not recording: where the backend can, the convolution applies the ReLU as it reads x (the same bits). */
    private static Tensor reluConv(UnaryModule relu, Conv2d conv, Tensor x) {
        ConvGeometry g = conv.geometry(x.shape());
        Backend b = x.backend();
        if (!b.fusesReluInto(g)) return Conv2dOp.apply(relu.forward(x), conv.weight(), g); // g counted its MACs once
        Tensor out = Tensor.empty(b, g.outShape());
        b.reluConv2d(x, conv.weight(), out, g);
        return out;
    }
}

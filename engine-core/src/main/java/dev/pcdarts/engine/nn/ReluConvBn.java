package dev.pcdarts.engine.nn;

import dev.pcdarts.engine.autograd.GradMode;
import dev.pcdarts.engine.backend.ConvGeometry;
import dev.pcdarts.engine.ops.ReluConvBnOp;
import dev.pcdarts.engine.tensor.Tensor;
import java.util.List;

/**
 * Where a {@link Sequential} runs ReLU → Conv2d (one or two) → BatchNorm2d as one fused node
 * ({@link ReluConvBnOp}): only while training with gradients recorded, the case in which the
 * layer-by-layer graph would keep every intermediate for backward. The layers keep their names
 * and parameters; {@code -Dpcdarts.fuse=false} runs them one by one.
 */
final class ReluConvBn {
    private static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("pcdarts.fuse", "true"));

    private ReluConvBn() {}

    /** The index after the fusable run starting at {@code i}, or {@code i} when there is none. */
    static int match(List<UnaryModule> layers, int i) {
        if (!ENABLED || !GradMode.isEnabled() || !(layers.get(i) instanceof Relu)) return i;
        int j = i + 1;
        while (j < layers.size() && j - i <= 2 && layers.get(j) instanceof Conv2d) j++;
        if (j == i + 1 || j >= layers.size() || !(layers.get(j) instanceof BatchNorm2d bn) || !bn.isTraining()) return i;
        return j + 1;
    }

    static Tensor forward(List<UnaryModule> layers, int from, int to, Tensor x) {
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
        return ReluConvBnOp.apply(x, weights, geometries, ((BatchNorm2d) layers.get(to - 1)).norm());
    }
}

package dev.pcdarts.vector;

import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.ops.ArithOps;
import dev.pcdarts.engine.ops.BatchNormOp;
import dev.pcdarts.engine.ops.ChannelOps;
import dev.pcdarts.engine.ops.Conv2dOp;
import dev.pcdarts.engine.ops.LinearOp;
import dev.pcdarts.engine.ops.LossOps;
import dev.pcdarts.engine.ops.PoolOps;
import dev.pcdarts.engine.ops.ReluOp;
import dev.pcdarts.engine.rng.RandomStream;
import dev.pcdarts.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Every operator over awkward shapes (sizes that are no multiple of the vector length, 1×1
 * spatial, batch 1, stride 2 on odd sizes), as named cases that build their inputs on a given
 * backend. Shared by the gradient checks and the vector-vs-scalar checks.
 */
final class OpCases {
    private OpCases() {}

    /** A case: input shapes, how to fill them, and the operator applied to the inputs. */
    record Case(String name, int[][] shapes, boolean awayFromZero, Function<List<Tensor>, Tensor> op) {
        List<Tensor> inputs(Backend b, long seed) {
            RandomStream r = new RandomStream(seed);
            List<Tensor> in = new ArrayList<>();
            for (int[] s : shapes) {
                Tensor t = Tensor.zeros(b, s);
                float[] v = new float[t.size()];
                for (int i = 0; i < v.length; i++) {
                    float u = r.uniform(-1f, 1f);
                    v[i] = awayFromZero ? Math.copySign(0.2f + Math.abs(u), u) : u;
                }
                t.copyFrom(v);
                in.add(t.requiresGrad(true));
            }
            return in;
        }
    }

    private static Case c(String name, Function<List<Tensor>, Tensor> op, int[]... shapes) {
        return new Case(name, shapes, false, op);
    }

    static List<Case> all() {
        List<Case> cs = new ArrayList<>();
        // convolution: dense, strided on odd sizes, dilated depthwise, grouped, pointwise, rectangular, 1x1 spatial
        cs.add(c("conv3x3_s1_odd", in -> Conv2dOp.apply(in.get(0), in.get(1), 1, 1, 1, 1), new int[] {2, 3, 7, 9}, new int[] {5, 3, 3, 3}));
        cs.add(c("conv3x3_s2_odd", in -> Conv2dOp.apply(in.get(0), in.get(1), 2, 1, 1, 1), new int[] {1, 4, 9, 7}, new int[] {3, 4, 3, 3}));
        cs.add(c("conv1x1_wide", in -> Conv2dOp.apply(in.get(0), in.get(1), 1, 0, 1, 1), new int[] {2, 5, 17, 19}, new int[] {7, 5, 1, 1}));
        // 1x1 with whole-vector planes and several 4x4 weight-gradient blocks
        cs.add(c("conv1x1_blocked", in -> Conv2dOp.apply(in.get(0), in.get(1), 1, 0, 1, 1), new int[] {3, 8, 4, 8}, new int[] {12, 8, 1, 1}));
        cs.add(c("conv1x1_s2", in -> Conv2dOp.apply(in.get(0), in.get(1), 2, 0, 1, 1), new int[] {1, 3, 5, 5}, new int[] {2, 3, 1, 1}));
        cs.add(c("conv_1x1_spatial", in -> Conv2dOp.apply(in.get(0), in.get(1), 1, 1, 1, 1), new int[] {3, 2, 1, 1}, new int[] {4, 2, 3, 3}));
        cs.add(c("conv2x2_whole_plane", in -> Conv2dOp.apply(in.get(0), in.get(1), 1, 0, 1, 1), new int[] {5, 6, 2, 2}, new int[] {20, 6, 2, 2})); // the auxiliary head's
        cs.add(c("conv_grouped", in -> Conv2dOp.apply(in.get(0), in.get(1), 1, 1, 1, 2), new int[] {2, 4, 6, 5}, new int[] {6, 2, 3, 3}));
        cs.add(c("dwconv3x3_s1", in -> Conv2dOp.apply(in.get(0), in.get(1), 1, 1, 1, 3), new int[] {2, 3, 19, 17}, new int[] {3, 1, 3, 3}));
        cs.add(c("dwconv5x5_d2_s1", in -> Conv2dOp.apply(in.get(0), in.get(1), 1, 4, 2, 3), new int[] {1, 3, 11, 13}, new int[] {3, 1, 5, 5}));
        cs.add(c("dwconv3x3_s2_odd", in -> Conv2dOp.apply(in.get(0), in.get(1), 2, 1, 1, 2), new int[] {2, 2, 9, 7}, new int[] {2, 1, 3, 3}));
        cs.add(c("dwconv5x5_d2_s2", in -> Conv2dOp.apply(in.get(0), in.get(1), 2, 4, 2, 2), new int[] {1, 2, 7, 7}, new int[] {2, 1, 5, 5}));
        // planes narrower than a vector (FlatWindow where a vector holds two rows or more)
        cs.add(c("dwconv3x3_packed", in -> Conv2dOp.apply(in.get(0), in.get(1), 1, 1, 1, 2), new int[] {2, 2, 8, 8}, new int[] {2, 1, 3, 3}));
        cs.add(c("dwconv5x5_d2_packed", in -> Conv2dOp.apply(in.get(0), in.get(1), 1, 4, 2, 2), new int[] {1, 2, 4, 8}, new int[] {2, 1, 5, 5}));
        // planes wider than a vector, heights that are no multiple of the kernels' row blocks
        cs.add(c("dwconv3x3_wide", in -> Conv2dOp.apply(in.get(0), in.get(1), 1, 1, 1, 2), new int[] {2, 2, 7, 37}, new int[] {2, 1, 3, 3}));
        cs.add(c("dwconv5x5_s2_wide", in -> Conv2dOp.apply(in.get(0), in.get(1), 2, 2, 1, 2), new int[] {1, 2, 11, 35}, new int[] {2, 1, 5, 5}));
        cs.add(c("dwconv3x3_d2_s2_wide", in -> Conv2dOp.apply(in.get(0), in.get(1), 2, 2, 2, 2), new int[] {1, 2, 10, 34}, new int[] {2, 1, 3, 3}));
        cs.add(c("linear", in -> LinearOp.apply(in.get(0), in.get(1), in.get(2)), new int[] {3, 19}, new int[] {5, 19}, new int[] {5}));
        cs.add(c("linear_batch1", in -> LinearOp.apply(in.get(0), in.get(1), in.get(2)), new int[] {1, 7}, new int[] {3, 7}, new int[] {3}));
        // batch norm: train and eval, affine and not (running buffers are fresh tensors each call)
        cs.add(c("bn_train_affine", in -> bn(in, true, true), new int[] {2, 3, 5, 7}, new int[] {3}, new int[] {3}));
        cs.add(c("bn_train_plain", in -> bn(in, true, false), new int[] {3, 2, 1, 1}));
        cs.add(c("bn_eval_affine", in -> bn(in, false, true), new int[] {1, 3, 4, 5}, new int[] {3}, new int[] {3}));
        cs.add(new Case("relu", new int[][] {{2, 3, 5, 7}}, true, in -> ReluOp.apply(in.get(0))));
        cs.add(c("maxpool3_s1", in -> PoolOps.maxPool(in.get(0), 3, 1, 1), new int[] {2, 2, 7, 19}));
        cs.add(c("maxpool3_s2_odd", in -> PoolOps.maxPool(in.get(0), 3, 2, 1), new int[] {1, 3, 9, 7}));
        cs.add(c("maxpool2_s2", in -> PoolOps.maxPool(in.get(0), 2, 2, 0), new int[] {2, 2, 6, 8}));
        cs.add(c("avgpool3_s1", in -> PoolOps.avgPool(in.get(0), 3, 1, 1), new int[] {2, 2, 5, 17}));
        cs.add(c("avgpool3_s2_odd", in -> PoolOps.avgPool(in.get(0), 3, 2, 1), new int[] {1, 2, 9, 9}));
        cs.add(c("avgpool5_s3", in -> PoolOps.avgPool(in.get(0), 5, 3, 0), new int[] {2, 2, 8, 8}));
        cs.add(c("maxpool3_s1_wide", in -> PoolOps.maxPool(in.get(0), 3, 1, 1), new int[] {1, 2, 6, 37}));
        cs.add(c("maxpool3_s2_wide", in -> PoolOps.maxPool(in.get(0), 3, 2, 1), new int[] {1, 2, 13, 35}));
        cs.add(c("avgpool3_s1_wide", in -> PoolOps.avgPool(in.get(0), 3, 1, 1), new int[] {1, 2, 6, 37}));
        cs.add(c("avgpool3_s2_wide", in -> PoolOps.avgPool(in.get(0), 3, 2, 1), new int[] {1, 2, 13, 35}));
        cs.add(c("avgpool3_1x1", in -> PoolOps.avgPool(in.get(0), 3, 1, 1), new int[] {2, 3, 1, 1}));
        cs.add(c("global_avg_pool", in -> PoolOps.globalAvgPool(in.get(0)), new int[] {2, 3, 5, 7}));
        cs.add(c("add", in -> ArithOps.add(in.get(0), in.get(1)), new int[] {2, 3, 5, 7}, new int[] {2, 3, 5, 7}));
        cs.add(c("scale", in -> ArithOps.scale(in.get(0), -1.7f), new int[] {1, 3, 5, 7}));
        cs.add(c("weighted_sum", in -> ArithOps.weightedSum(in.get(0), 2, in.subList(1, 4)), new int[] {6},
                new int[] {2, 3, 4, 5}, new int[] {2, 3, 4, 5}, new int[] {2, 3, 4, 5}));
        cs.add(c("concat", in -> ChannelOps.concat(in), new int[] {2, 1, 3, 3}, new int[] {2, 4, 3, 3}));
        cs.add(c("slice", in -> ChannelOps.slice(in.get(0), 1, 4), new int[] {2, 5, 3, 3}));
        // large enough that the gradient's zero channels are filled by two threads
        cs.add(c("slice_split", in -> ChannelOps.slice(in.get(0), 16, 24), new int[] {2, 64, 24, 24}));
        cs.add(c("shuffle", in -> ChannelOps.shuffle(in.get(0), 4), new int[] {2, 8, 3, 3}));
        cs.add(c("partial_channel_mix", in -> ChannelOps.concatPermuted(in, ChannelOps.shufflePermutation(8, 4), "partial_channel_mix"),
                new int[] {2, 2, 3, 3}, new int[] {2, 6, 3, 3}));
        cs.add(c("partial_mix_in_place", in -> ChannelOps.partialMix(in.get(0), in.get(1), 3, ChannelOps.shufflePermutation(8, 4), "partial_channel_mix"),
                new int[] {2, 3, 3, 3}, new int[] {2, 8, 3, 3}));
        cs.add(c("shift", in -> ChannelOps.shift(in.get(0), 3), new int[] {1, 8, 2, 3}));
        cs.add(c("spatial_1_1", in -> ChannelOps.spatialSlice(in.get(0), 1, 1), new int[] {2, 3, 6, 6}));
        cs.add(c("spatial_0_2_odd", in -> ChannelOps.spatialSlice(in.get(0), 0, 2), new int[] {2, 3, 7, 5}));
        // large enough that both directions split their planes over two threads
        cs.add(c("spatial_1_1_split", in -> ChannelOps.spatialSlice(in.get(0), 1, 1), new int[] {2, 64, 24, 24}));
        cs.add(c("spatial_1_2_split", in -> ChannelOps.spatialSlice(in.get(0), 1, 2), new int[] {4, 64, 33, 33}));
        cs.add(c("global_avg_pool_split", in -> PoolOps.globalAvgPool(in.get(0)), new int[] {2, 64, 24, 24}));
        cs.add(c("softmax", in -> LossOps.softmax(in.get(0)), new int[] {14, 8}));
        cs.add(c("log_softmax", in -> LossOps.logSoftmax(in.get(0)), new int[] {3, 10}));
        cs.add(c("segment_softmax", in -> LossOps.segmentSoftmax(in.get(0), new int[] {2, 3, 4, 5}), new int[] {14}));
        cs.add(c("cross_entropy", in -> LossOps.crossEntropy(in.get(0), new int[] {3, 0, 9}, 0f), new int[] {3, 10}));
        cs.add(c("cross_entropy_smooth", in -> LossOps.crossEntropy(in.get(0), new int[] {1, 4}, 0.1f), new int[] {2, 5}));
        cs.add(c("scale_samples", in -> ArithOps.scaleSamples(in.get(0), new float[] {0f, 1.5f}), new int[] {2, 3, 2, 2}));
        cs.add(c("reshape", in -> ArithOps.reshape(in.get(0), 2, 12), new int[] {2, 3, 2, 2}));
        return cs;
    }

    private static Tensor bn(List<Tensor> in, boolean training, boolean affine) {
        Tensor x = in.get(0);
        int c = x.dim(1);
        Tensor rm = Tensor.zeros(x.backend(), c);
        Tensor rv = Tensor.zeros(x.backend(), c);
        x.backend().fill(rv, 1.3f);
        x.backend().fill(rm, 0.2f);
        return BatchNormOp.apply(x, affine ? in.get(1) : null, affine ? in.get(2) : null, rm, rv, training, 0.1f, 1e-5f);
    }
}

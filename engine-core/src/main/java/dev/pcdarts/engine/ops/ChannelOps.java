package dev.pcdarts.engine.ops;

import dev.pcdarts.engine.autograd.FreshNode;
import dev.pcdarts.engine.tensor.Shapes;
import dev.pcdarts.engine.tensor.Tensor;
import java.util.List;

/**
 * Channel-axis and strided spatial operators of NCHW tensors: concat, channel slices, channel
 * shuffle and shift (PC-DARTS), and {@code x[:, :, off::step, off::step]}.
 */
public final class ChannelOps {
    private ChannelOps() {}

    /** Concatenation along channels; all parts share N, H, W. */
    public static Tensor concat(List<Tensor> parts) {
        int c = channelCount("concat", parts);
        Tensor p0 = parts.get(0);
        var b = p0.backend();
        Tensor out = Tensor.empty(b, p0.dim(0), c, p0.dim(2), p0.dim(3));
        int[] starts = new int[parts.size()];
        int at = 0;
        for (int i = 0; i < parts.size(); i++) {
            starts[i] = at;
            b.copyChannels(parts.get(i), 0, out, at, parts.get(i).dim(1), false);
            at += parts.get(i).dim(1);
        }
        Tensor[] inputs = parts.toArray(new Tensor[0]);
        if (!Recording.needed(inputs)) return out;
        int[][] shapes = shapes(parts);
        return Recording.link(out, new FreshNode(inputs) {
            @Override
            public Tensor[] backward(Tensor g) {
                Tensor[] grads = new Tensor[shapes.length];
                for (int i = 0; i < shapes.length; i++) {
                    if (!needs(i)) continue;
                    grads[i] = Tensor.empty(b, shapes[i]);
                    b.copyChannels(g, starts[i], grads[i], 0, shapes[i][1], false);
                }
                return grads;
            }

            @Override
            public String name() {
                return "concat";
            }
        });
    }

    /** The parts' shapes: backward needs them, not the parts' values, so it keeps only these. */
    private static int[][] shapes(List<Tensor> parts) {
        int[][] s = new int[parts.size()][];
        for (int i = 0; i < s.length; i++) s[i] = parts.get(i).shape();
        return s;
    }

    /** Total channels of 4-d parts that agree outside the channel axis; errors name the op and shapes. */
    private static int channelCount(String op, List<Tensor> parts) {
        if (parts.isEmpty()) throw new IllegalArgumentException(op + " of no tensors");
        Tensor p0 = parts.get(0);
        int c = 0;
        for (Tensor p : parts) {
            Shapes.requireRank(op, p, 4);
            if (p.dim(0) != p0.dim(0) || p.dim(2) != p0.dim(2) || p.dim(3) != p0.dim(3)) {
                throw new IllegalArgumentException(op + ": shapes " + Shapes.str(p0.shape()) + " and " + Shapes.str(p.shape())
                        + " differ outside the channel axis");
            }
            c += p.dim(1);
        }
        return c;
    }

    /** x[:, from:to]. */
    public static Tensor slice(Tensor x, int from, int to) {
        Shapes.requireRank("slice_channels", x, 4);
        if (from < 0 || to > x.dim(1) || from > to) {
            throw new IllegalArgumentException("slice_channels: [" + from + ", " + to + ") outside " + Shapes.str(x.shape()));
        }
        var b = x.backend();
        Tensor out = Tensor.empty(b, x.dim(0), to - from, x.dim(2), x.dim(3));
        b.copyChannels(x, from, out, 0, to - from, false);
        if (!Recording.needed(x)) return out;
        int[] inShape = x.shape();
        return Recording.link(out, new FreshNode(x) {
            @Override
            public Tensor[] backward(Tensor g) {
                // zeros but where g goes: written once each, not zero-filled whole and then copied over
                Tensor gx = Tensor.empty(b, inShape);
                b.fillChannels(gx, 0, from, 0f);
                b.copyChannels(g, 0, gx, from, to - from, false);
                b.fillChannels(gx, to, inShape[1] - to, 0f);
                return new Tensor[] {gx};
            }

            @Override
            protected boolean accumulateInto(Tensor g, Tensor sum) {
                b.copyChannels(g, 0, sum, from, to - from, true);
                return true;
            }

            @Override
            public String name() {
                return "slice_channels";
            }
        });
    }

    /**
     * PC-DARTS channel_shuffle: view as (N, groups, C/groups, H, W), swap axes 1 and 2, flatten;
     * out[:, o] = x[:, (o mod groups)·(C/groups) + o / groups].
     */
    public static Tensor shuffle(Tensor x, int groups) {
        return permute(x, shufflePermutation(x.dim(1), groups), "channel_shuffle");
    }

    /** Channel shift: rotates the channels by {@code shift}; out[:, o] = x[:, (o - shift) mod C]. */
    public static Tensor shift(Tensor x, int shift) {
        return permute(x, shiftPermutation(x.dim(1), shift), "channel_shift");
    }

    /** out[:, o] = x[:, perm[o]] for a permutation perm. */
    public static Tensor permute(Tensor x, int[] perm, String opName) {
        Shapes.requireRank(opName, x, 4);
        if (perm.length != x.dim(1)) throw new IllegalArgumentException(opName + ": permutation of " + perm.length + " for " + Shapes.str(x.shape()));
        int[] inverse = new int[perm.length];
        boolean[] hit = new boolean[perm.length];
        for (int o = 0; o < perm.length; o++) {
            if (perm[o] < 0 || perm[o] >= perm.length || hit[perm[o]]) throw new IllegalArgumentException(opName + ": not a permutation");
            hit[perm[o]] = true;
            inverse[perm[o]] = o;
        }
        var b = x.backend();
        Tensor out = x.emptyLike();
        b.permuteChannels(x, out, perm);
        if (!Recording.needed(x)) return out;
        return Recording.link(out, new FreshNode(x) {
            @Override
            public Tensor[] backward(Tensor g) {
                Tensor gx = g.emptyLike();
                b.permuteChannels(g, gx, inverse);
                return new Tensor[] {gx};
            }

            @Override
            public String name() {
                return opName;
            }
        });
    }

    /**
     * permute(concat(parts), perm) in one copy: output channel o is channel perm[o] of the
     * concatenation. PC-DARTS' concat-then-shuffle without the intermediate tensor.
     */
    public static Tensor concatPermuted(List<Tensor> parts, int[] perm, String opName) {
        return concatPermuted(parts, new int[parts.size()], perm, opName);
    }

    /**
     * permute(concat(y, x[:, from:]), perm): a partial-channel edge's output, its candidates' sum y
     * and the channels of x it passes by, read where they are instead of sliced out first.
     */
    public static Tensor partialMix(Tensor y, Tensor x, int from, int[] perm, String opName) {
        Shapes.requireRank(opName, x, 4);
        if (from < 0 || from > x.dim(1)) throw new IllegalArgumentException(opName + ": channel " + from + " outside " + Shapes.str(x.shape()));
        return concatPermuted(List.of(y, x), new int[] {0, from}, perm, opName);
    }

    /** The concatenation of parts[i][:, first[i]:], permuted; backward gives part i zeros below first[i]. */
    private static Tensor concatPermuted(List<Tensor> parts, int[] first, int[] perm, String opName) {
        channelCount(opName, parts);
        int c = 0;
        for (int i = 0; i < parts.size(); i++) c += parts.get(i).dim(1) - first[i];
        Tensor p0 = parts.get(0);
        if (perm.length != c) throw new IllegalArgumentException(opName + ": permutation of " + perm.length + " for " + c + " channels");
        int[] part = new int[c];
        int[] local = new int[c];
        for (int i = 0, at = 0; i < parts.size(); i++) {
            for (int k = first[i]; k < parts.get(i).dim(1); k++, at++) {
                part[at] = i;
                local[at] = k;
            }
        }
        var b = p0.backend();
        Tensor out = Tensor.empty(b, p0.dim(0), c, p0.dim(2), p0.dim(3));
        int[][] outChannels = new int[parts.size()][], inChannels = new int[parts.size()][]; // per part: where its channels go
        for (int i = 0; i < parts.size(); i++) {
            int count = parts.get(i).dim(1) - first[i];
            outChannels[i] = new int[count];
            inChannels[i] = new int[count];
        }
        int[] filled = new int[parts.size()];
        for (int o = 0; o < c; o++) {
            int i = part[perm[o]], j = filled[i]++;
            outChannels[i][j] = o;
            inChannels[i][j] = local[perm[o]];
        }
        for (int i = 0; i < parts.size(); i++) b.gatherChannels(parts.get(i), inChannels[i], out, outChannels[i]);
        Tensor[] inputs = parts.toArray(new Tensor[0]);
        if (!Recording.needed(inputs)) return out;
        int[][] shapes = shapes(parts);
        return Recording.link(out, new FreshNode(inputs) {
            @Override
            public Tensor[] backward(Tensor g) {
                Tensor[] grads = new Tensor[shapes.length];
                for (int i = 0; i < shapes.length; i++) {
                    if (!needs(i)) continue;
                    grads[i] = Tensor.empty(b, shapes[i]);
                    if (first[i] > 0) b.fillChannels(grads[i], 0, first[i], 0f);
                    b.gatherChannels(g, outChannels[i], grads[i], inChannels[i]);
                }
                return grads;
            }

            @Override
            public String name() {
                return opName;
            }
        });
    }

    /** The channel_shuffle permutation: out[:, o] = x[:, (o mod groups)·(C/groups) + o / groups]. */
    public static int[] shufflePermutation(int c, int groups) {
        if (groups < 1 || c % groups != 0) {
            throw new IllegalArgumentException("channel_shuffle: " + c + " channels not divisible by groups=" + groups);
        }
        int per = c / groups;
        int[] perm = new int[c];
        for (int o = 0; o < c; o++) perm[o] = (o % groups) * per + o / groups;
        return perm;
    }

    /** The channel shift permutation: out[:, o] = x[:, (o − shift) mod C]. */
    public static int[] shiftPermutation(int c, int shift) {
        int[] perm = new int[c];
        for (int o = 0; o < c; o++) perm[o] = Math.floorMod(o - shift, c);
        return perm;
    }

    /** x[:, :, off::step, off::step] (e.g. {@code x[:,:,1:,1:]} is off 1 step 1). */
    public static Tensor spatialSlice(Tensor x, int off, int step) {
        Shapes.requireRank("spatial_slice", x, 4);
        if (off < 0 || step < 1 || off >= x.dim(2) || off >= x.dim(3)) {
            throw new IllegalArgumentException("spatial_slice: offset " + off + " step " + step + " outside " + Shapes.str(x.shape()));
        }
        int oh = (x.dim(2) - off + step - 1) / step;
        int ow = (x.dim(3) - off + step - 1) / step;
        var b = x.backend();
        Tensor out = Tensor.empty(b, x.dim(0), x.dim(1), oh, ow);
        b.spatialGather(x, out, off, step);
        if (!Recording.needed(x)) return out;
        int[] inShape = x.shape();
        return Recording.link(out, new FreshNode(x) {
            @Override
            public Tensor[] backward(Tensor g) {
                Tensor gx = Tensor.empty(b, inShape);
                b.spatialScatter(g, gx, off, step);
                return new Tensor[] {gx};
            }

            @Override
            public String name() {
                return "spatial_slice";
            }
        });
    }
}

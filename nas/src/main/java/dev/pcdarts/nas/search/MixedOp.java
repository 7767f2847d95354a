package dev.pcdarts.nas.search;

import dev.pcdarts.engine.nn.Init;
import dev.pcdarts.engine.nn.Module;
import dev.pcdarts.engine.nn.ModuleList;
import dev.pcdarts.engine.nn.UnaryModule;
import dev.pcdarts.engine.ops.ArithOps;
import dev.pcdarts.engine.ops.ChannelOps;
import dev.pcdarts.engine.ops.PoolOps;
import dev.pcdarts.engine.rng.RandomStream;
import dev.pcdarts.engine.tensor.Tensor;
import dev.pcdarts.nas.ops.Primitive;
import dev.pcdarts.nas.ops.Zero;
import java.util.ArrayList;
import java.util.List;

/**
 * One edge of the search cell: Σₒ w[o]·opₒ over C/K of the channels, the rest bypassed
 * (2×2 max-pooled on reduction edges), then interleaved by channel shuffle or shift.
 * With random channel selection the sampled channels are processed in place and the others pass
 * through unchanged, as the paper describes.
 */
public final class MixedOp extends Module {
    private final ModuleList<UnaryModule> ops = child("_ops", new ModuleList<>());
    private final int channels;
    private final int stride;
    private final Relaxation relaxation;
    private final RandomStream sampler;

    /** @param sampler the channel-sampling stream; used only with random channel selection */
    public MixedOp(Init init, int channels, int stride, Relaxation relaxation, List<Primitive> primitives, RandomStream sampler) {
        if (channels % relaxation.k() != 0) {
            throw new IllegalArgumentException("K=" + relaxation.k() + " does not divide the channel count " + channels);
        }
        this.channels = channels;
        this.stride = stride;
        this.relaxation = relaxation;
        this.sampler = sampler;
        for (Primitive p : primitives) ops.add(p.buildForSearch(init, channels / relaxation.k(), stride));
    }

    public int opCount() {
        return ops.size();
    }

    /** @param w the op weights; this edge reads w[offset .. offset + opCount) */
    public Tensor forward(Tensor x, Tensor w, int offset) {
        if (x.dim(1) != channels) {
            throw new IllegalArgumentException("MixedOp built for " + channels + " channels got input with " + x.dim(1));
        }
        int k = relaxation.k();
        int part = channels / k;
        int[] perm = null;
        if (k > 1 && relaxation.randomChannels()) {
            perm = sampler.permutation(channels);
            x = ChannelOps.permute(x, perm, "channel_sample");
        }
        // With K=1 the ops read x through a view so that, as with K>1, the edge hands x one gradient
        // (the sum over its ops) and x sums one term per edge: the same bits whether or not the
        // cell recomputes its nodes (Recompute#block sums a node's gradients before they leave it).
        Tensor xa = k == 1 ? ArithOps.reshape(x, x.shape()) : ChannelOps.slice(x, 0, part);
        // The zero op adds w·0 = 0 and gets the gradient ⟨g, 0⟩ = 0: it is left out of the sum, which
        // changes no bit for finite inputs (the reference's x·0 would turn an infinite x into NaN).
        List<Tensor> outs = new ArrayList<>(ops.size());
        List<Integer> slots = new ArrayList<>(ops.size());
        for (int o = 0; o < ops.size(); o++) {
            if (ops.get(o) instanceof Zero) continue;
            outs.add(ops.get(o).forward(xa));
            slots.add(offset + o);
        }
        Tensor y = ArithOps.weightedSum(w, slots.stream().mapToInt(Integer::intValue).toArray(), outs);
        if (k == 1) return y;
        boolean reduces = y.dim(2) != x.dim(2);
        int[] mix;
        if (perm != null) { // put the sampled channels back where they came from
            mix = new int[channels];
            for (int o = 0; o < channels; o++) mix[perm[o]] = o;
        } else {
            mix = relaxation.mixing() == Relaxation.Mixing.SHUFFLE ? ChannelOps.shufflePermutation(channels, k)
                    : ChannelOps.shiftPermutation(channels, part);
        }
        if (!reduces) return ChannelOps.partialMix(y, x, part, mix, "partial_channel_mix"); // the bypassed channels read in place
        Tensor xb = PoolOps.maxPool(ChannelOps.slice(x, part, channels), 2, 2, 0);
        return ChannelOps.concatPermuted(List.of(y, xb), mix, "partial_channel_mix");
    }
}

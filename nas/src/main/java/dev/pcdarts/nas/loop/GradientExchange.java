package dev.pcdarts.nas.loop;

import dev.pcdarts.engine.tensor.Tensor;
import java.util.List;

/**
 * Averages gradients across replicas between backward and the optimiser step: each rank weighs its
 * gradients by its shard's share of the global batch and the group sums them, so every rank holds
 * the gradient of the global batch's mean loss and applies the identical update. With one replica
 * it does nothing at all, so a plain run keeps its bits.
 */
public final class GradientExchange {
    private final ReplicaGroup group;
    private float[] flat = new float[0];

    public GradientExchange(ReplicaGroup group) {
        this.group = group;
    }

    public static GradientExchange single() {
        return new GradientExchange(ReplicaGroup.SINGLE);
    }

    public ReplicaGroup group() {
        return group;
    }

    /**
     * Replaces the gradients of {@code params} by their share-weighted sum over the replicas.
     * Parameters without a gradient are left out; every rank runs the same network on the same
     * sampled channels, so all ranks leave out the same ones (the ring's header check fails loudly
     * if they ever do not).
     */
    public void average(List<Tensor> params, float share) {
        if (group.size() == 1) return;
        int total = 0;
        for (Tensor p : params) if (p.grad() != null) total += p.size();
        if (flat.length != total) flat = new float[total];
        int at = 0;
        for (Tensor p : params) {
            if (p.grad() == null) continue;
            float[] g = p.grad().toArray();
            for (int i = 0; i < g.length; i++) flat[at + i] = g[i] * share;
            at += g.length;
        }
        group.allReduceSum(flat);
        at = 0;
        for (Tensor p : params) {
            if (p.grad() == null) continue;
            float[] g = new float[p.size()];
            System.arraycopy(flat, at, g, 0, g.length);
            p.grad().copyFrom(g);
            at += g.length;
        }
    }
}

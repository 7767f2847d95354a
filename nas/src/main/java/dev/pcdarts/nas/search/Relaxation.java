package dev.pcdarts.nas.search;

/**
 * How a MixedOp relaxes the choice of op. PC-DARTS = partial channels with K = 4, channel
 * shuffle, fixed selection, edge normalisation; DARTS = K = 1 without edge normalisation.
 *
 * @param k              1/K of the channels go through the ops; K = 1 is plain DARTS
 * @param mixing         how the processed and bypassed channels are interleaved afterwards
 * @param randomChannels sample the processed channels at random every step (the paper's
 *                       method) instead of the reference's fixed first C/K channels
 * @param edgeNorm       weight each edge by the per-node softmax of beta
 */
public record Relaxation(int k, Mixing mixing, boolean randomChannels, boolean edgeNorm) {
    /** The interleaving after a partial-channel op. */
    public enum Mixing { SHUFFLE, SHIFT }

    public static final Relaxation PC_DARTS = new Relaxation(4, Mixing.SHUFFLE, false, true);
    public static final Relaxation DARTS = new Relaxation(1, Mixing.SHUFFLE, false, false);

    public Relaxation {
        if (k != 1 && k != 2 && k != 4 && k != 8) throw new IllegalArgumentException("K must be 1, 2, 4 or 8, got " + k);
    }

    public Relaxation withK(int newK) {
        return new Relaxation(newK, mixing, randomChannels, edgeNorm);
    }
}

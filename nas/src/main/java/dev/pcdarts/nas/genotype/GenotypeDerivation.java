package dev.pcdarts.nas.genotype;

import dev.pcdarts.nas.ops.Primitive;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference's {@code Network.genotype()}: per node, score each incoming edge by its best
 * non-none op weight (softmax(α)·edge-normalised β), keep the two best edges (stable sort, ties
 * keep the lower index, listed best first), and on each take its best non-none op.
 */
public final class GenotypeDerivation {
    private GenotypeDerivation() {}

    /**
     * @param weights  softmaxed alphas, [edges][ops], ops in {@code primitives} order
     * @param edgeNorm per-edge weights (all 1 without edge normalisation)
     */
    public static List<Genotype.Edge> parse(float[][] weights, float[] edgeNorm, int steps, List<Primitive> primitives) {
        int none = primitives.indexOf(Primitive.NONE);
        List<Genotype.Edge> gene = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < steps; i++) {
            int n = i + 2;
            double[] score = new double[n];
            int[] bestOp = new int[n];
            for (int j = 0; j < n; j++) {
                float[] row = weights[start + j];
                double best = Double.NEGATIVE_INFINITY;
                int arg = -1;
                for (int o = 0; o < row.length; o++) {
                    if (o == none) continue;
                    float w = row[o] * edgeNorm[start + j];
                    if (w > best) {
                        best = w;
                        arg = o;
                    }
                }
                score[j] = best;
                bestOp[j] = arg;
            }
            Integer[] order = new Integer[n];
            for (int j = 0; j < n; j++) order[j] = j;
            java.util.Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
            for (int t = 0; t < 2; t++) {
                int j = order[t];
                gene.add(new Genotype.Edge(primitives.get(bestOp[j]).ref(), j));
            }
            start += n;
        }
        return gene;
    }
}

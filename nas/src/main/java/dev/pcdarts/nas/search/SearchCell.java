package dev.pcdarts.nas.search;

import dev.pcdarts.engine.autograd.Recompute;
import dev.pcdarts.engine.nn.Init;
import dev.pcdarts.engine.nn.Module;
import dev.pcdarts.engine.nn.ModuleList;
import dev.pcdarts.engine.nn.UnaryModule;
import dev.pcdarts.engine.ops.ArithOps;
import dev.pcdarts.engine.ops.ChannelOps;
import dev.pcdarts.engine.rng.RandomStream;
import dev.pcdarts.engine.tensor.Tensor;
import dev.pcdarts.nas.ops.ConvBlocks;
import dev.pcdarts.nas.ops.Primitive;
import java.util.ArrayList;
import java.util.List;

/**
 * The search cell: two preprocessed inputs, {@code steps} nodes each summing a MixedOp over
 * every earlier state (14 edges for 4 nodes, node-major), output the concat of the last
 * {@code multiplier} nodes.
 */
public final class SearchCell extends Module {
    private final UnaryModule preprocess0;
    private final UnaryModule preprocess1;
    private final ModuleList<MixedOp> ops = new ModuleList<>();
    private final int steps;
    private final int multiplier;
    private final boolean reduction;
    private final boolean edgeNorm;
    private final int opCount;
    private final RandomStream sampler;

    public SearchCell(Init init, int steps, int multiplier, int cPrevPrev, int cPrev, int c, boolean reduction,
                      boolean reductionPrev, Relaxation relaxation, List<Primitive> primitives, RandomStream sampler) {
        preprocess0 = child("preprocess0", ConvBlocks.cellInput(init, cPrevPrev, c, reductionPrev, false));
        preprocess1 = child("preprocess1", ConvBlocks.cellInput(init, cPrev, c, false, false));
        child("_ops", ops);
        this.steps = steps;
        this.multiplier = multiplier;
        this.reduction = reduction;
        this.edgeNorm = relaxation.edgeNorm();
        this.opCount = primitives.size();
        this.sampler = sampler;
        for (int i = 0; i < steps; i++) {
            for (int j = 0; j < 2 + i; j++) {
                int stride = reduction && j < 2 ? 2 : 1;
                ops.add(new MixedOp(init, c, stride, relaxation, primitives, sampler));
            }
        }
    }

    public boolean reduction() {
        return reduction;
    }

    /**
     * @param weights  softmaxed alphas [edges, ops]
     * @param weights2 edge-normalised betas [edges]; ignored without edge normalisation
     */
    public Tensor forward(Tensor s0, Tensor s1, Tensor weights, Tensor weights2) {
        List<Tensor> states = new ArrayList<>();
        states.add(preprocess0.forward(s0));
        states.add(preprocess1.forward(s1));
        int offset = 0;
        for (int i = 0; i < steps; i++) {
            int first = offset;
            int n = states.size();
            // Under the recompute policy a node keeps only its inputs: its edges' activations are
            // most of the search's memory, and backward recomputes them one node at a time.
            Tensor s = Recompute.isEnabled()
                    ? Recompute.block("search_node", in -> node(first, in.subList(0, n), in.get(n), in.get(n + 1)),
                            with(states, weights, weights2), sampler)
                    : node(first, states, weights, weights2);
            offset += n;
            states.add(s);
        }
        return ChannelOps.concat(states.subList(states.size() - multiplier, states.size()));
    }

    /** A node: the sum of its edges from every earlier state, the edge with index {@code first} from state 0. */
    private Tensor node(int first, List<Tensor> states, Tensor weights, Tensor weights2) {
        List<Tensor> terms = new ArrayList<>(states.size());
        for (int j = 0; j < states.size(); j++) {
            terms.add(ops.get(first + j).forward(states.get(j), weights, (first + j) * opCount));
        }
        if (edgeNorm) return ArithOps.weightedSum(weights2, first, terms);
        Tensor s = terms.get(0);
        for (int j = 1; j < terms.size(); j++) s = ArithOps.add(s, terms.get(j));
        return s;
    }

    private static List<Tensor> with(List<Tensor> states, Tensor weights, Tensor weights2) {
        List<Tensor> in = new ArrayList<>(states);
        in.add(weights);
        in.add(weights2);
        return in;
    }
}

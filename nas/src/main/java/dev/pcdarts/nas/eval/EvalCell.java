package dev.pcdarts.nas.eval;

import dev.pcdarts.engine.nn.Identity;
import dev.pcdarts.engine.nn.Init;
import dev.pcdarts.engine.nn.Module;
import dev.pcdarts.engine.nn.ModuleList;
import dev.pcdarts.engine.nn.UnaryModule;
import dev.pcdarts.engine.ops.ArithOps;
import dev.pcdarts.engine.ops.ChannelOps;
import dev.pcdarts.engine.rng.RandomStream;
import dev.pcdarts.engine.tensor.Tensor;
import dev.pcdarts.nas.genotype.Genotype;
import dev.pcdarts.nas.ops.ConvBlocks;
import dev.pcdarts.nas.ops.Primitive;
import java.util.ArrayList;
import java.util.List;

/** A discrete cell: node i = op₂ᵢ(state) + op₂ᵢ₊₁(state), drop-path on every non-identity op. */
public final class EvalCell extends Module {
    private final UnaryModule preprocess0;
    private final UnaryModule preprocess1;
    private final ModuleList<UnaryModule> ops = new ModuleList<>();
    private final int[] indices;
    private final List<Integer> concat;
    private final boolean reduction;

    public EvalCell(Init init, Genotype genotype, int cPrevPrev, int cPrev, int c, boolean reduction, boolean reductionPrev) {
        preprocess0 = child("preprocess0", ConvBlocks.cellInput(init, cPrevPrev, c, reductionPrev, true));
        preprocess1 = child("preprocess1", ConvBlocks.cellInput(init, cPrev, c, false, true));
        child("_ops", ops);
        List<Genotype.Edge> edges = reduction ? genotype.reduce() : genotype.normal();
        this.concat = reduction ? genotype.reduceConcat() : genotype.normalConcat();
        this.reduction = reduction;
        this.indices = new int[edges.size()];
        for (int i = 0; i < edges.size(); i++) {
            Genotype.Edge e = edges.get(i);
            int stride = reduction && e.input() < 2 ? 2 : 1;
            ops.add(Primitive.byName(e.op()).build(init, c, stride, true));
            indices[i] = e.input();
        }
    }

    public int multiplier() {
        return concat.size();
    }

    public boolean reduction() {
        return reduction;
    }

    public UnaryModule preprocess0() {
        return preprocess0;
    }

    public UnaryModule preprocess1() {
        return preprocess1;
    }

    /** The ops, two per node: op 2i and 2i+1 are summed into node i+2. */
    public List<UnaryModule> ops() {
        return ops.items();
    }

    /** The state each op reads (0 and 1 are the preprocessed inputs, 2.. the nodes). */
    public int[] inputs() {
        return indices.clone();
    }

    /** The states concatenated into the cell's output. */
    public List<Integer> concat() {
        return concat;
    }

    /** @param dropRng the drop-path stream; used only in training with dropProb > 0 */
    public Tensor forward(Tensor s0, Tensor s1, float dropProb, RandomStream dropRng) {
        List<Tensor> states = new ArrayList<>();
        states.add(preprocess0.forward(s0));
        states.add(preprocess1.forward(s1));
        boolean drop = isTraining() && dropProb > 0f;
        for (int i = 0; i < indices.length / 2; i++) {
            UnaryModule op1 = ops.get(2 * i);
            UnaryModule op2 = ops.get(2 * i + 1);
            Tensor h1 = op1.forward(states.get(indices[2 * i]));
            Tensor h2 = op2.forward(states.get(indices[2 * i + 1]));
            if (drop) {
                if (!(op1 instanceof Identity)) h1 = DropPath.apply(h1, dropProb, dropRng);
                if (!(op2 instanceof Identity)) h2 = DropPath.apply(h2, dropProb, dropRng);
            }
            states.add(ArithOps.add(h1, h2));
        }
        List<Tensor> out = new ArrayList<>();
        for (int i : concat) out.add(states.get(i));
        return ChannelOps.concat(out);
    }
}

package dev.pcdarts.engine.ops;

import dev.pcdarts.engine.autograd.FreshNode;
import dev.pcdarts.engine.autograd.Node;
import dev.pcdarts.engine.tensor.Shapes;
import dev.pcdarts.engine.tensor.Tensor;
import java.util.List;

/** Sums, scalings, the weighted sum of the DARTS relaxation, reshapes and per-sample scaling. */
public final class ArithOps {
    private ArithOps() {}

    /** a + b (same shapes). */
    public static Tensor add(Tensor a, Tensor b) {
        Shapes.requireSame("add", a, b);
        Tensor out = a.emptyLike();
        a.backend().add(a, b, out);
        if (!Recording.needed(a, b)) return out;
        return Recording.link(out, new Node(a, b) {
            @Override
            public Tensor[] backward(Tensor g) {
                return new Tensor[] {needs(0) ? g : null, needs(1) ? g : null};
            }

            @Override
            public String name() {
                return "add";
            }
        });
    }

    /** s · x for a constant s; {@code scale(x, 0)} is the DARTS zero op. */
    public static Tensor scale(Tensor x, float s) {
        Tensor out = x.emptyLike();
        x.backend().scale(x, s, out);
        if (!Recording.needed(x)) return out;
        return Recording.link(out, new FreshNode(x) { // needs no value of x, so keeps none
            @Override
            public Tensor[] backward(Tensor g) {
                Tensor gx = g.emptyLike();
                g.backend().scale(g, s, gx);
                return new Tensor[] {gx};
            }

            @Override
            public String name() {
                return "scale";
            }
        });
    }

    /**
     * Σᵢ w[offset + i] · xs[i], the mixing of the DARTS relaxation; w is a tensor so its
     * gradient flows (∂/∂w[offset+i] = ⟨g, xs[i]⟩).
     */
    public static Tensor weightedSum(Tensor w, int offset, List<Tensor> xs) {
        int[] slots = new int[xs.size()];
        for (int i = 0; i < slots.length; i++) slots[i] = offset + i;
        return weightedSum(w, slots, xs);
    }

    /** Σᵢ w[slots[i]] · xs[i]. */
    public static Tensor weightedSum(Tensor w, int[] slots, List<Tensor> xs) {
        if (xs.isEmpty()) throw new IllegalArgumentException("weighted_sum of no tensors");
        if (slots.length != xs.size()) throw new IllegalArgumentException("weighted_sum: " + slots.length + " weights for " + xs.size() + " tensors");
        for (int s : slots) {
            if (s < 0 || s >= w.numel()) throw new IllegalArgumentException("weighted_sum: weight " + s + " outside " + Shapes.str(w.shape()));
        }
        Tensor first = xs.get(0);
        for (Tensor x : xs) Shapes.requireSame("weighted_sum", first, x);
        var b = first.backend();
        Tensor out = first.emptyLike();
        b.weightedSum(w, slots, xs.toArray(new Tensor[0]), out);
        Tensor[] inputs = new Tensor[xs.size() + 1];
        inputs[0] = w;
        for (int i = 0; i < xs.size(); i++) inputs[i + 1] = xs.get(i);
        if (!Recording.needed(inputs)) return out;
        int count = xs.size();
        List<Tensor> kept = w.requiresGrad() ? List.copyOf(xs) : null; // the xs are read only for w's gradient
        return Recording.link(out, new FreshNode(inputs) {
            @Override
            public Tensor[] backward(Tensor g) {
                Tensor[] grads = new Tensor[count + 1];
                Tensor[] gxs = new Tensor[count];
                for (int i = 0; i < count; i++) {
                    if (needs(i + 1)) gxs[i] = grads[i + 1] = g.emptyLike();
                }
                if (needs(0)) grads[0] = Tensor.empty(b, w.shape()); // written whole by the kernel
                b.weightedSumBackwardTo(w, slots, g, needs(0) ? kept.toArray(new Tensor[0]) : null, grads[0], gxs);
                return grads;
            }

            @Override
            public String name() {
                return "weighted_sum";
            }
        });
    }

    /** The same values under another shape of equal size (flatten before a linear layer). */
    public static Tensor reshape(Tensor x, int... shape) {
        if (Shapes.numel(shape) != x.numel()) {
            throw new IllegalArgumentException("reshape: cannot view " + Shapes.str(x.shape()) + " as " + Shapes.str(shape));
        }
        Tensor out = x.viewAs(shape);
        if (!Recording.needed(x)) return out;
        int[] inShape = x.shape();
        return Recording.link(out, new Node(x) {
            @Override
            public Tensor[] backward(Tensor g) {
                return new Tensor[] {g.viewAs(inShape)};
            }

            @Override
            public String name() {
                return "reshape";
            }
        });
    }

    /** out[n] = x[n] · s[n]: drop-path's per-sample mask already divided by the keep probability. */
    public static Tensor scaleSamples(Tensor x, float[] s) {
        if (s.length != x.dim(0)) {
            throw new IllegalArgumentException("scale_samples: " + s.length + " factors for batch " + x.dim(0));
        }
        Tensor out = x.emptyLike();
        x.backend().scaleSamples(x, s, out);
        if (!Recording.needed(x)) return out;
        return Recording.link(out, new FreshNode(x) {
            @Override
            public Tensor[] backward(Tensor g) {
                Tensor gx = g.emptyLike();
                g.backend().scaleSamples(g, s, gx);
                return new Tensor[] {gx};
            }

            @Override
            public String name() {
                return "scale_samples";
            }
        });
    }
}

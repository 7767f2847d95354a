package dev.pcdarts.engine.autograd;

import dev.pcdarts.engine.tensor.Shapes;
import dev.pcdarts.engine.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reverse-mode differentiation over the recorded nodes. */
public final class Autograd {
    private Autograd() {}

    /** Backward from a scalar with upstream gradient 1. */
    public static void backward(Tensor loss) {
        if (loss.numel() != 1) {
            throw new IllegalArgumentException("backward() without a gradient needs a scalar, got shape " + Shapes.str(loss.shape()));
        }
        Tensor one = Tensor.of(loss.backend(), new float[] {1f}, loss.shape());
        backward(loss, one);
    }

    /**
     * Backward from {@code root} with upstream gradient {@code gradRoot}; gradients of leaves
     * that require grad accumulate into their {@code grad()}.
     */
    public static void backward(Tensor root, Tensor gradRoot) {
        Shapes.requireSame("backward", root, gradRoot);
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward() on a tensor that does not require grad");
        }
        List<Tensor> order = topologicalOrder(root);
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        grads.put(root, gradRoot);
        // Sums this pass allocated itself and that no other pending gradient shares: a further
        // contribution is added into them in place instead of allocating a new sum each time.
        Set<Tensor> ownedSums = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (int k = order.size() - 1; k >= 0; k--) {
            Tensor t = order.get(k);
            Tensor g = grads.remove(t);
            if (g == null) continue;
            ownedSums.remove(g); // handed to a node, whose gradients may alias it
            if (t.isLeaf()) {
                accumulateLeaf(t, g);
                continue;
            }
            Node node = t.gradFn();
            Tensor[] inGrads = node.backward(g);
            Tensor[] inputs = node.inputs();
            for (int i = 0; i < inputs.length; i++) {
                Tensor in = inputs[i];
                Tensor gi = inGrads[i];
                if (in == null || gi == null || !in.requiresGrad()) continue;
                Shapes.requireSame(node.name() + " backward", in, gi);
                Tensor prev = grads.get(in);
                if (prev == null) {
                    grads.put(in, gi);
                } else if (ownedSums.contains(prev) && prev.storage() != gi.storage()) {
                    in.backend().axpy(1f, gi, prev);
                } else {
                    Tensor sum = prev.zerosLike();
                    in.backend().add(prev, gi, sum);
                    grads.put(in, sum);
                    ownedSums.add(sum);
                }
            }
        }
    }

    private static void accumulateLeaf(Tensor leaf, Tensor g) {
        if (leaf.grad() == null) {
            leaf.setGrad(g.detachCopy());
        } else {
            leaf.backend().axpy(1f, g, leaf.grad());
        }
    }

    /** Tensors reachable from root, each after everything it depends on. */
    private static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, 0});
        seen.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Object[] top = stack.peek();
            Tensor t = (Tensor) top[0];
            int next = (Integer) top[1];
            Tensor[] inputs = t.isLeaf() ? new Tensor[0] : t.gradFn().inputs();
            if (next < inputs.length) {
                top[1] = next + 1;
                Tensor in = inputs[next];
                if (in != null && in.requiresGrad() && seen.put(in, Boolean.TRUE) == null) {
                    stack.push(new Object[] {in, 0});
                }
            } else {
                stack.pop();
                order.add(t);
            }
        }
        return order;
    }
}

package dev.pcdarts.engine.autograd;

import dev.pcdarts.engine.tensor.Shapes;
import dev.pcdarts.engine.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse-mode differentiation over the recorded nodes. Each node runs once all the nodes that
 * consumed its output have; then it is released, so what it saved for backward becomes garbage
 * while the pass goes on (a graph can be walked once, as with PyTorch's default). Gradients of a
 * leaf are summed over its uses first and then added to its {@code grad()} once, as PyTorch's
 * AccumulateGrad does, so the bits match.
 */
public final class Autograd {
    private Autograd() {}

    /** Backward from a scalar with upstream gradient 1. */
    public static void backward(Tensor loss) {
        if (loss.numel() != 1) {
            throw new IllegalArgumentException("backward() without a gradient needs a scalar, got shape " + Shapes.str(loss.shape()));
        }
        Tensor one = Tensor.empty(loss.backend(), loss.shape());
        loss.backend().fill(one, 1f); // made where the loss lives: nothing crosses from the host
        backward(loss, one);
    }

    /**
     * Backward from {@code root} with upstream gradient {@code gradRoot}; gradients of leaves
     * that require grad accumulate into their {@code grad()}.
     */
    public static void backward(Tensor root, Tensor gradRoot) {
        run(root, gradRoot, List.of());
    }

    /**
     * Backward from {@code root} that returns the gradients of the leaves {@code wrt} (null for
     * one it does not reach) instead of adding them to their {@code grad()}; other leaves that
     * require grad accumulate as in {@link #backward}. A recomputed block hands its inputs'
     * gradients on this way ({@link Recompute#block}).
     */
    public static Tensor[] gradients(Tensor root, Tensor gradRoot, List<Tensor> wrt) {
        Map<Tensor, Tensor> found = run(root, gradRoot, wrt);
        Tensor[] out = new Tensor[wrt.size()];
        for (int i = 0; i < out.length; i++) out[i] = found.get(wrt.get(i));
        return out;
    }

    /** The pass itself; the gradients of the leaves in {@code wrt} are returned, not accumulated. */
    private static Map<Tensor, Tensor> run(Tensor root, Tensor gradRoot, List<Tensor> wrt) {
        Shapes.requireSame("backward", root, gradRoot);
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward() on a tensor that does not require grad");
        }
        Map<Tensor, Tensor> captured = new IdentityHashMap<>();
        Set<Tensor> capture = Collections.newSetFromMap(new IdentityHashMap<>());
        capture.addAll(wrt);
        if (root.isLeaf()) {
            if (capture.contains(root)) captured.put(root, gradRoot);
            else accumulateLeaf(root, gradRoot, false);
            return captured;
        }
        List<Node> order = topologicalOrder(root.gradFn());
        Map<Object, Tensor> grads = new IdentityHashMap<>(); // by producing node, or by leaf tensor
        grads.put(root.gradFn(), gradRoot);
        List<Tensor> leaves = new ArrayList<>();
        // Sums this pass allocated itself and that no other pending gradient shares: a further
        // contribution is added into them in place instead of allocating a new sum each time.
        Set<Tensor> ownedSums = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int k = order.size() - 1; k >= 0; k--) {
            Node node = order.set(k, null);
            Tensor g = grads.remove(node);
            if (g == null) {
                node.release();
                continue;
            }
            ownedSums.remove(g); // handed to a node, whose gradients may alias it
            if (node.arity() == 1 && node.needs(0)) { // a pending sum the pass owns can take the gradient in place
                Tensor sum = grads.get(node.leaf(0) != null ? node.leaf(0) : node.producer(0));
                if (sum != null && ownedSums.contains(sum) && sum.storage() != g.storage() && node.accumulateInto(g, sum)) {
                    node.release();
                    continue;
                }
            }
            Tensor[] inGrads = node.backward(g);
            boolean fresh = node.freshGradients();
            for (int i = 0; i < node.arity(); i++) {
                Tensor gi = inGrads[i];
                if (gi == null || !node.needs(i)) continue;
                if (!Arrays.equals(node.inputShape(i), gi.shape())) {
                    throw new IllegalArgumentException(node.name() + " backward: shapes differ: " + Shapes.str(node.inputShape(i))
                            + " vs " + Shapes.str(gi.shape()));
                }
                Object key = node.leaf(i) != null ? node.leaf(i) : node.producer(i);
                Tensor prev = grads.get(key);
                if (prev == null) {
                    grads.put(key, gi);
                    if (fresh) ownedSums.add(gi);
                    if (key instanceof Tensor leaf) leaves.add(leaf);
                } else if (ownedSums.contains(prev) && prev.storage() != gi.storage()) {
                    gi.backend().axpy(1f, gi, prev);
                } else if (fresh && prev.storage() != gi.storage()) { // gi is ours: the sum goes into it (a + b = b + a, bit for bit)
                    gi.backend().axpy(1f, prev, gi);
                    grads.put(key, gi);
                    ownedSums.add(gi);
                } else {
                    Tensor sum = prev.emptyLike();
                    gi.backend().add(prev, gi, sum);
                    grads.put(key, sum);
                    ownedSums.add(sum);
                }
            }
            node.release();
        }
        for (Tensor leaf : leaves) {
            Tensor g = grads.get(leaf);
            if (capture.contains(leaf)) captured.put(leaf, g);
            else accumulateLeaf(leaf, g, ownedSums.contains(g));
        }
        return captured;
    }

    /** An owned sum is nobody else's, so it can become the leaf's gradient without a copy. */
    private static void accumulateLeaf(Tensor leaf, Tensor g, boolean owned) {
        if (leaf.grad() == null) {
            leaf.setGrad(owned ? g : g.detachCopy());
        } else {
            leaf.backend().axpy(1f, g, leaf.grad());
        }
    }

    /** The nodes reachable from root, each after every node it depends on. */
    private static List<Node> topologicalOrder(Node root) {
        List<Node> order = new ArrayList<>();
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Node> nodes = new ArrayDeque<>();
        ArrayDeque<int[]> next = new ArrayDeque<>();
        nodes.push(root);
        next.push(new int[1]);
        seen.add(root);
        while (!nodes.isEmpty()) {
            Node n = nodes.peek();
            int[] i = next.peek();
            if (i[0] < n.arity()) {
                Node in = n.producer(i[0]++);
                if (in != null && seen.add(in)) {
                    nodes.push(in);
                    next.push(new int[1]);
                }
            } else {
                nodes.pop();
                next.pop();
                order.add(n);
            }
        }
        return order;
    }
}

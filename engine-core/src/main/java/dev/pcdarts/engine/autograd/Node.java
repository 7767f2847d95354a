package dev.pcdarts.engine.autograd;

import dev.pcdarts.engine.tensor.Tensor;

/**
 * One recorded operator application. {@link #backward} receives the gradient of the loss with
 * respect to the node's output and returns the gradients of its inputs, aligned with the inputs
 * given to the constructor; an entry may be null where that input needs no gradient.
 *
 * <p>A node does not keep its input tensors: it keeps, per input that wants a gradient, the leaf
 * itself or the node that made it, and the input's shape. What backward needs of the inputs'
 * values the operator captures itself, so a forward tensor that no backward reads is garbage as
 * soon as the model drops it, as in PyTorch, instead of living until the graph dies.
 */
public abstract class Node {
    private final Tensor[] leaves;
    private Node[] producers;
    private final int[][] shapes;

    protected Node(Tensor... inputs) {
        int n = inputs.length;
        leaves = new Tensor[n];
        producers = new Node[n];
        shapes = new int[n][];
        for (int i = 0; i < n; i++) {
            Tensor t = inputs[i];
            if (t == null || !t.requiresGrad()) continue;
            shapes[i] = t.shape();
            if (t.isLeaf()) leaves[i] = t;
            else producers[i] = t.gradFn();
        }
    }

    /** True when input {@code i} wants a gradient. */
    protected final boolean needs(int i) {
        return shapes[i] != null;
    }

    public abstract Tensor[] backward(Tensor gradOut);

    /**
     * True when every gradient {@link #backward} returns is a tensor it allocated for that input
     * alone and keeps no reference to: the pass may then add later contributions into it in place
     * instead of allocating a sum.
     */
    protected boolean freshGradients() {
        return false;
    }

    /**
     * For a node with one input: adds the input's gradient into {@code sum}, a gradient of the
     * input's shape that the pass owns and that already holds the other contributions, and returns
     * true; or returns false, and the pass calls {@link #backward}. A channel slice adds its few
     * channels this way instead of returning a zero-filled tensor of the whole input.
     */
    protected boolean accumulateInto(Tensor gradOut, Tensor sum) {
        return false;
    }

    /** The operator's name, for error messages and profiles. */
    public String name() {
        String n = getClass().getSimpleName();
        return n.isEmpty() ? getClass().getName() : n;
    }

    final int arity() {
        return shapes.length;
    }

    /** Input {@code i} when it is a leaf that wants a gradient, else null. */
    final Tensor leaf(int i) {
        return leaves[i];
    }

    /** The node that made input {@code i} when that input wants a gradient, else null. */
    final Node producer(int i) {
        if (producers == null) {
            throw new IllegalStateException("backward() through a graph a second time: its " + name() + " node already ran and was released; "
                    + "run the forward pass again");
        }
        return producers[i];
    }

    final int[] inputShape(int i) {
        return shapes[i];
    }

    /** After its backward ran: the nodes upstream are no longer reachable through this one. */
    final void release() {
        producers = null;
    }
}

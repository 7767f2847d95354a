package dev.pcdarts.engine.autograd;

import dev.pcdarts.engine.rng.RandomStream;
import dev.pcdarts.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What backward recomputes instead of keeping from the forward pass.
 *
 * <p>The policy ({@link #isEnabled}, a scope like {@link GradMode}): fused ReLU-conv-BN units
 * recompute all their intermediate activations in backward (less memory: a unit keeps its input
 * and output only), or, under {@link #keepActivations}, also keep batch norm's input, the last
 * convolution's output, so that backward skips that convolution (NetworkCIFAR: about a sixth of
 * a training step, twice the live memory). Models may also run whole blocks through
 * {@link #block} under the policy. The same kernels run on the same values either way, so results
 * are bit-identical. The default is recompute.
 *
 * <p>{@link #block} is activation checkpointing (PyTorch's {@code torch.utils.checkpoint}): the
 * block runs without recording, so it keeps nothing but its inputs; its backward runs it again,
 * recording and keeping its activations, and backpropagates through that one recording. Running
 * statistics that a block's batch norms move are moved once, by the first run
 * ({@link #isReplaying}), and the random streams it draws from are replayed from the same state.
 */
public final class Recompute {
    private static final ThreadLocal<Boolean> ENABLED = ThreadLocal.withInitial(() -> Boolean.TRUE);
    private static final ThreadLocal<Boolean> REPLAYING = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private Recompute() {}

    public static boolean isEnabled() {
        return ENABLED.get();
    }

    /** A scope with the given policy; closing it restores the previous one. */
    public static GradMode.Scope set(boolean recompute) {
        boolean previous = ENABLED.get();
        ENABLED.set(recompute);
        return () -> ENABLED.set(previous);
    }

    /** A scope in which forward passes keep batch norm's inputs for backward. */
    public static GradMode.Scope keepActivations() {
        return set(false);
    }

    /** True while a block runs again for its backward: state it moved the first time stays put. */
    public static boolean isReplaying() {
        return REPLAYING.get();
    }

    /**
     * {@code fn(inputs)}, keeping only the inputs for backward, which runs {@code fn} again.
     * {@code fn} must be deterministic given its inputs, its parameters and {@code streams}
     * (whose states are saved now and restored for the second run), and must leave its inputs
     * as they are. Outside recording (no grad) it is simply {@code fn(inputs)}.
     *
     * @param inputs  the tensors {@code fn} reads that gradients flow to (its parameters need not
     *                be listed: their gradients accumulate as usual); entries may be null
     * @param given   the random streams {@code fn} draws from (null entries are left out)
     */
    public static Tensor block(String name, Function<List<Tensor>, Tensor> fn, List<Tensor> inputs, RandomStream... given) {
        if (!GradMode.isEnabled()) return fn.apply(inputs);
        RandomStream[] streams = Arrays.stream(given).filter(Objects::nonNull).toArray(RandomStream[]::new);
        long[] states = new long[streams.length];
        for (int i = 0; i < streams.length; i++) states[i] = streams[i].state();
        Tensor out;
        try (var s = GradMode.noGrad()) {
            out = fn.apply(inputs);
        }
        for (Tensor input : inputs) {
            if (input == out) out = out.viewAs(out.shape()); // an input passed through: its own history stays its own
        }
        Tensor[] in = inputs.toArray(new Tensor[0]);
        out.setGradFn(new Node(in) {
            @Override
            public Tensor[] backward(Tensor g) {
                List<Tensor> again = new ArrayList<>(in.length);
                List<Tensor> wrt = new ArrayList<>(in.length);
                for (int i = 0; i < in.length; i++) {
                    Tensor t = in[i] == null ? null : new Tensor(in[i].backend(), in[i].storage(), in[i].shape());
                    if (t != null && needs(i)) wrt.add(t.requiresGrad(true));
                    again.add(t);
                }
                Tensor y = replay(fn, again, streams, states);
                if (!y.requiresGrad()) return new Tensor[in.length];
                Tensor[] found = Autograd.gradients(y, g, wrt);
                Tensor[] grads = new Tensor[in.length];
                for (int i = 0, w = 0; i < in.length; i++) if (again.get(i) != null && needs(i)) grads[i] = found[w++];
                return grads;
            }

            @Override
            public String name() {
                return name;
            }
        });
        return out;
    }

    /** The second run: recording, keeping activations (it is one block's), streams rewound. */
    private static Tensor replay(Function<List<Tensor>, Tensor> fn, List<Tensor> inputs, RandomStream[] streams, long[] states) {
        long[] now = new long[streams.length];
        for (int i = 0; i < streams.length; i++) {
            now[i] = streams[i].state();
            streams[i].setState(states[i]);
        }
        boolean wasReplaying = REPLAYING.get();
        REPLAYING.set(Boolean.TRUE);
        try (var g = GradMode.set(true); var k = keepActivations()) {
            return fn.apply(inputs);
        } finally {
            REPLAYING.set(wasReplaying);
            for (int i = 0; i < streams.length; i++) streams[i].setState(now[i]);
        }
    }
}

package dev.pcdarts.engine.autograd;

/**
 * Whether fused ReLU-conv-BN units recompute all their intermediate activations in backward (less
 * memory: a unit keeps its input and output only) or also keep batch norm's input, the last
 * convolution's output, so that backward skips that convolution (NetworkCIFAR: about a sixth of a
 * training step, twice the live memory). The same kernels run on the same values either way, so
 * results are bit-identical. The default is recompute;
 * {@code try (var s = Recompute.keepActivations()) { ... }} keeps for the forward passes run inside.
 */
public final class Recompute {
    private static final ThreadLocal<Boolean> ENABLED = ThreadLocal.withInitial(() -> Boolean.TRUE);

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
}

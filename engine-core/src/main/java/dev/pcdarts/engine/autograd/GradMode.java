package dev.pcdarts.engine.autograd;

/**
 * Whether operators record the tape. {@code try (var s = GradMode.noGrad()) { ... }} turns
 * recording off for evaluation.
 */
public final class GradMode {
    private static final ThreadLocal<Boolean> ENABLED = ThreadLocal.withInitial(() -> Boolean.TRUE);

    private GradMode() {}

    public static boolean isEnabled() {
        return ENABLED.get();
    }

    /** A scope without recording; closing it restores the previous mode. */
    public static Scope noGrad() {
        return set(false);
    }

    /** A scope that records or not; closing it restores the previous mode. */
    public static Scope set(boolean enabled) {
        boolean previous = ENABLED.get();
        ENABLED.set(enabled);
        return () -> ENABLED.set(previous);
    }

    /** A closeable scope that throws nothing. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}

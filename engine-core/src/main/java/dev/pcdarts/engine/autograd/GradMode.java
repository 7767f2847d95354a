package dev.pcdarts.engine.autograd;

import dev.pcdarts.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

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

    /**
     * A scope in which these leaves want no gradient (recording goes on for the others): a pass
     * whose gradients for them would be thrown away skips computing them. Closing it restores each
     * leaf's flag.
     */
    public static Scope frozen(Collection<Tensor> leaves) {
        List<Tensor> was = new ArrayList<>();
        for (Tensor t : leaves) {
            if (t.requiresGrad()) {
                was.add(t);
                t.requiresGrad(false);
            }
        }
        return () -> was.forEach(t -> t.requiresGrad(true));
    }

    /** A closeable scope that throws nothing. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}

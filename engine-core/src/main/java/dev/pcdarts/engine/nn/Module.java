package dev.pcdarts.engine.nn;

import dev.pcdarts.engine.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A node of the layer tree: named children, parameters and buffers, and the train/eval flag. */
public abstract class Module {
    private final Map<String, Module> children = new LinkedHashMap<>();
    private final Map<String, Tensor> params = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private boolean training = true;

    protected final <M extends Module> M child(String name, M module) {
        if (children.put(name, module) != null) throw new IllegalStateException("duplicate child " + name);
        return module;
    }

    protected final Tensor param(String name, Tensor t) {
        t.requiresGrad(true);
        params.put(name, t);
        return t;
    }

    protected final Tensor buffer(String name, Tensor t) {
        buffers.put(name, t);
        return t;
    }

    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** Every parameter, named by its path from this module ({@code op.1.weight}). */
    public final Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect(this, "", out, true);
        return out;
    }

    /** Every buffer (BatchNorm running statistics), named by path. */
    public final Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect(this, "", out, false);
        return out;
    }

    /**
     * Parameters and buffers in PyTorch's {@code state_dict()} order: a module's own parameters,
     * then its buffers, then each child's, depth first.
     */
    public final Map<String, Tensor> namedState() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collectState(this, "", out);
        return out;
    }

    private static void collectState(Module m, String prefix, Map<String, Tensor> out) {
        for (var e : m.params.entrySet()) out.put(prefix + e.getKey(), e.getValue());
        for (var e : m.buffers.entrySet()) out.put(prefix + e.getKey(), e.getValue());
        for (var e : m.children.entrySet()) collectState(e.getValue(), prefix + e.getKey() + ".", out);
    }

    private static void collect(Module m, String prefix, Map<String, Tensor> out, boolean parameters) {
        for (var e : (parameters ? m.params : m.buffers).entrySet()) out.put(prefix + e.getKey(), e.getValue());
        for (var e : m.children.entrySet()) collect(e.getValue(), prefix + e.getKey() + ".", out, parameters);
    }

    /** Number of parameter elements. */
    public final long parameterCount() {
        long n = 0;
        for (Tensor t : namedParameters().values()) n += t.numel();
        return n;
    }

    public final boolean isTraining() {
        return training;
    }

    /** Sets train (true) or eval (false) mode on this module and all below it. */
    public final void train(boolean on) {
        training = on;
        for (Module c : children.values()) c.train(on);
    }

    /** Sets every parameter's gradient to null. */
    public final void zeroGrad() {
        for (Tensor t : namedParameters().values()) t.setGrad(null);
    }
}

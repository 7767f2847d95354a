package dev.pcdarts.nas.differential;

import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.tensor.HeapStorage;
import dev.pcdarts.engine.tensor.Storage;
import dev.pcdarts.engine.tensor.Tensor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A backend that runs every kernel twice: on the real backend (the vector kernels), and on its
 * scalar twin over copies of the very same inputs; every storage the call can reach (inputs and
 * outputs alike) and every returned value must then agree within the tolerance. Because each
 * kernel starts from the real path's inputs, rounding never accumulates from kernel to kernel: a
 * whole network is checked kernel by kernel, with no oracle and no ReLU kink to blur it.
 */
final class TwinCheckedBackend implements InvocationHandler {
    /** Memory and bookkeeping calls: passed to the real backend, nothing to compare. */
    private static final Set<String> PASS_THROUGH = Set.of("name", "describe", "threads", "useThreads", "allocate",
            "allocateEmpty", "upload", "download", "write", "markStep", "memoryStats", "fusesReluInto");

    private final Backend real;
    private final Backend twin;
    private final double atol;
    private final double rtol;
    private final Map<String, Integer> checkedCalls = new TreeMap<>();
    private Backend proxy;

    private TwinCheckedBackend(Backend real, Backend twin, double atol, double rtol) {
        this.real = real;
        this.twin = twin;
        this.atol = atol;
        this.rtol = rtol;
    }

    /** The checked backend: tensors made on it live in the real backend's memory. */
    static TwinCheckedBackend of(Backend real, Backend twin, double atol, double rtol) {
        TwinCheckedBackend h = new TwinCheckedBackend(real, twin, atol, rtol);
        h.proxy = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, h);
        return h;
    }

    Backend backend() {
        return proxy;
    }

    /** How many calls of each kernel were compared. */
    Map<String, Integer> checkedCalls() {
        return checkedCalls;
    }

    @Override
    public Object invoke(Object self, Method m, Object[] args) throws Throwable {
        if (m.getDeclaringClass() == Object.class) return objectMethod(m, args);
        if (PASS_THROUGH.contains(m.getName())) return call(real, m, args);
        Map<Storage, float[]> copies = new IdentityHashMap<>();
        Object[] twinArgs = args.clone();
        for (int i = 0; i < args.length; i++) twinArgs[i] = twinOf(args[i], copies);
        Object twinResult = call(twin, m, twinArgs);
        Object result = call(real, m, args);
        String where = m.getName() + " call " + checkedCalls.merge(m.getName(), 1, Integer::sum);
        float[] slack = m.getName().equals("batchNormTrain") ? normalisedSlack(args) : null;
        for (var e : copies.entrySet()) {
            boolean normalised = slack != null && e.getKey() == ((Tensor) args[3]).storage();
            compare(where + " (" + argumentOf(e.getKey(), args) + ")", ((HeapStorage) e.getKey()).array(), e.getValue(), normalised ? slack : null);
        }
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof double[] d) compare(where + " (argument " + i + ")", d, (double[]) twinArgs[i]);
        }
        if (result instanceof Double d) compare(where + " (result)", new double[] {d}, new double[] {(Double) twinResult});
        return result;
    }

    private Object objectMethod(Method m, Object[] args) {
        return switch (m.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> "twin-checked " + real.name();
        };
    }

    /** Which argument a storage belongs to, for the message: its position and shape. */
    private static String argumentOf(Storage s, Object[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof Tensor t && t.storage() == s) return "argument " + i + ", shape " + Arrays.toString(t.shape());
            if (args[i] instanceof Tensor[] ts) {
                for (int j = 0; j < ts.length; j++) {
                    if (ts[j] != null && ts[j].storage() == s) return "argument " + i + "[" + j + "], shape " + Arrays.toString(ts[j].shape());
                }
            }
        }
        return "an argument";
    }

    /** The twin's view of an argument: tensors on copies of their storages (aliases stay aliases). */
    private Object twinOf(Object a, Map<Storage, float[]> copies) {
        if (a instanceof Tensor t) {
            float[] copy = copies.computeIfAbsent(t.storage(), s -> ((HeapStorage) s).array().clone());
            return new Tensor(twin, new HeapStorage(copy), t.shape());
        }
        if (a instanceof Tensor[] ts) {
            Tensor[] out = new Tensor[ts.length];
            for (int i = 0; i < ts.length; i++) out[i] = ts[i] == null ? null : (Tensor) twinOf(ts[i], copies);
            return out;
        }
        if (a instanceof double[] d) return d.clone();
        if (a instanceof float[] f) return f.clone();
        if (a instanceof int[] ix) return ix.clone();
        return a;
    }

    private static Object call(Backend b, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(b, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * What batch norm's output may differ by beyond the tolerance: its mean is a float, rounded
     * from a double sum whose order differs between the paths, so x − mean is known to one
     * rounding of the mean, which 1/σ·γ amplifies. On a channel that is (nearly) constant, σ is
     * rounding noise and the output is noise too (on PyTorch as well); nowhere else does it matter.
     */
    private static float[] normalisedSlack(Object[] args) {
        Tensor x = (Tensor) args[0];
        float[] xs = x.data();
        float[] gamma = args[1] == null ? null : ((Tensor) args[1]).data();
        float[] invStd = ((Tensor) args[5]).data();
        int n = x.dim(0), c = x.dim(1), hw = x.dim(2) * x.dim(3);
        double[] maxAbs = new double[c];
        for (int i = 0; i < xs.length; i++) maxAbs[(i / hw) % c] = Math.max(maxAbs[(i / hw) % c], Math.abs(xs[i]));
        float[] slack = new float[n * c * hw];
        for (int i = 0; i < slack.length; i++) {
            int ch = (i / hw) % c;
            slack[i] = (float) (4 * 0x1p-24 * maxAbs[ch] * invStd[ch] * (gamma == null ? 1 : Math.abs(gamma[ch])));
        }
        return slack;
    }

    private void compare(String where, float[] actual, float[] expected) {
        compare(where, actual, expected, null);
    }

    private void compare(String where, float[] actual, float[] expected, float[] slack) {
        for (int i = 0; i < actual.length; i++) {
            if (!close(actual[i], expected[i], slack == null ? 0 : slack[i])) {
                throw new AssertionError(where + ": element " + i + " of " + actual.length + " is " + actual[i]
                        + " on " + real.name() + ", " + expected[i] + " on its scalar twin (" + mismatches(actual, expected, slack)
                        + " elements differ; atol " + atol + ", rtol " + rtol + ")");
            }
        }
    }

    private void compare(String where, double[] actual, double[] expected) {
        for (int i = 0; i < actual.length; i++) {
            if (!close(actual[i], expected[i], 0)) {
                throw new AssertionError(where + ": " + Arrays.toString(actual) + " against " + Arrays.toString(expected) + " on the scalar twin");
            }
        }
    }

    private int mismatches(float[] actual, float[] expected, float[] slack) {
        int n = 0;
        for (int i = 0; i < actual.length; i++) if (!close(actual[i], expected[i], slack == null ? 0 : slack[i])) n++;
        return n;
    }

    private boolean close(double a, double e, double slack) {
        if (Double.isNaN(a) || Double.isNaN(e)) return Double.isNaN(a) && Double.isNaN(e);
        return Math.abs(a - e) <= atol + rtol * Math.abs(e) + slack;
    }
}

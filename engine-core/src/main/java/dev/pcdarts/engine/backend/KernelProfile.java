package dev.pcdarts.engine.backend;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Wall time per backend kernel (what {@code pcdarts bench --profile} prints): a proxy in front of the
 * backend that times each call on the calling thread (a kernel's parallel part included), so
 * that a one-thread and a two-thread profile show which kernels do not scale.
 */
public final class KernelProfile {
    private final Map<String, long[]> byKernel = new TreeMap<>(); // name -> {calls, nanos, flops}
    private boolean on;

    /** The backend to run on: every call goes through to {@code real}, timed while {@link #record} is on. */
    public Backend wrap(Backend real) {
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, (proxy, m, args) -> {
            long t0 = System.nanoTime();
            try {
                return m.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                if (on) {
                    long[] a = byKernel.computeIfAbsent(m.getName() + kind(args), k -> new long[3]);
                    a[0]++;
                    a[1] += System.nanoTime() - t0;
                    a[2] += 2 * convMacs(args);
                }
            }
        });
    }

    /** Convolutions by kind, since one kernel name covers the depthwise, 1x1 and general paths. */
    private static String kind(Object[] args) {
        if (args != null) {
            for (Object a : args) {
                if (a instanceof ConvGeometry g) {
                    return (g.depthwise() ? "[depthwise" : g.pointwise() ? "[1x1" : "[" + g.kh() + "x" + g.kw()) + (g.strideH() > 1 ? "/2]" : "]");
                }
            }
        }
        return "";
    }

    /** A convolution's multiply-accumulates (forward and either backward pass do as many); 0 for other kernels. */
    private static long convMacs(Object[] args) {
        if (args != null) {
            for (Object a : args) {
                if (a instanceof ConvGeometry g) return g.macs();
            }
        }
        return 0;
    }

    public void record(boolean on) {
        this.on = on;
    }

    /**
     * Seconds and calls per kernel per iteration, largest first, and the share of the timed total;
     * for convolutions also their rate ({@code gflops}, 2 flops per multiply-accumulate) and, given a
     * peak (not NaN), its fraction {@code of_peak}.
     */
    public Map<String, Object> perIteration(int iterations, double iterationSeconds, double peakGflops) {
        Map<String, Object> out = new LinkedHashMap<>();
        byKernel.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1])).forEach(e -> {
            long[] v = e.getValue();
            double s = v[1] / 1e9 / iterations;
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("s", Math.round(s * 1000) / 1000.0);
            k.put("calls", v[0] / iterations);
            k.put("share", Math.round(1000 * s / iterationSeconds) / 1000.0);
            if (v[2] > 0 && v[1] > 0) {
                double gflops = v[2] / (double) v[1];
                k.put("gflops", Math.round(gflops * 10) / 10.0);
                if (!Double.isNaN(peakGflops)) k.put("of_peak", Math.round(1000 * gflops / peakGflops) / 1000.0);
            }
            out.put(e.getKey(), k);
        });
        return out;
    }

    /** The convolution kernels whose rate is under {@code fraction} of the peak, in the profile's order (most time first). */
    public java.util.List<String> below(Map<String, Object> perIteration, double fraction) {
        java.util.List<String> out = new java.util.ArrayList<>();
        perIteration.forEach((name, v) -> {
            if (v instanceof Map<?, ?> k && k.get("of_peak") instanceof Double f && f < fraction) out.add(name);
        });
        return out;
    }
}

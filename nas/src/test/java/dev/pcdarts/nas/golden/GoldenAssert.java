package dev.pcdarts.nas.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.pcdarts.engine.tensor.Tensor;
import java.util.Map;

/** Element-wise |actual − expected| ≤ atol + rtol·|expected|, with a message naming the worst element. */
final class GoldenAssert {
    private GoldenAssert() {}

    static void close(GoldenCase c, String what, GoldenCase.Value expected, float[] actual, int[] actualShape) {
        if (actualShape != null) assertArrayEquals(expected.shape(), actualShape, c.name() + ": shape of " + what);
        float[] e = expected.f();
        if (e.length != actual.length) fail(c.name() + ": " + what + " has " + actual.length + " values, expected " + e.length);
        int worst = -1;
        double worstExcess = 0;
        int bad = 0;
        for (int i = 0; i < e.length; i++) {
            double err = Math.abs((double) actual[i] - e[i]);
            double allowed = c.atol() + c.rtol() * Math.abs(e[i]);
            if (!(err <= allowed)) {
                bad++;
                double excess = Double.isNaN(err) ? Double.POSITIVE_INFINITY : err - allowed;
                if (worst < 0 || excess > worstExcess) {
                    worst = i;
                    worstExcess = excess;
                }
            }
        }
        if (bad > 0) {
            fail(String.format("%s: %s differs at %d of %d elements; worst [%d] actual %.9g expected %.9g (atol %.1g rtol %.1g)",
                    c.name(), what, bad, e.length, worst, actual[worst], e[worst], c.atol(), c.rtol()));
        }
    }

    static void close(GoldenCase c, String what, GoldenCase.Value expected, Tensor actual) {
        if (actual == null) fail(c.name() + ": no value for " + what);
        close(c, what, expected, actual.toArray(), actual.shape());
    }

    /** Every expected entry must be present in {@code actual} and close. */
    static void allClose(GoldenCase c, String section, Map<String, GoldenCase.Value> expected, Map<String, Tensor> actual) {
        for (var e : expected.entrySet()) {
            Tensor t = actual.get(e.getKey());
            if (t == null) fail(c.name() + ": " + section + " '" + e.getKey() + "' has no counterpart in the model (names: "
                    + actual.keySet().stream().limit(8).toList() + "...)");
            close(c, section + " " + e.getKey(), e.getValue(), t);
        }
    }
}

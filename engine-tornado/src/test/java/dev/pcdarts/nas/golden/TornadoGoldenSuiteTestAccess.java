package dev.pcdarts.nas.golden;

/** Hands the package-private golden suite class to {@link dev.pcdarts.tornado.GpuCheckMain}. */
public final class TornadoGoldenSuiteTestAccess {
    private TornadoGoldenSuiteTestAccess() {}

    public static Class<?> suite() {
        return TornadoGoldenSuiteTest.class;
    }
}

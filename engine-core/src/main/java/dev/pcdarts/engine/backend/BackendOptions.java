package dev.pcdarts.engine.backend;

/**
 * Options a backend is created with. {@code threads <= 0} means the number of available
 * processors; {@code vectorBits < 0} means the preferred width, {@code 0} the scalar kernels.
 */
public record BackendOptions(int threads, int vectorBits) {
    /** From the system properties {@code pcdarts.threads} and {@code pcdarts.vectorBits}. */
    public static BackendOptions fromSystemProperties() {
        return new BackendOptions(Integer.getInteger("pcdarts.threads", 0), Integer.getInteger("pcdarts.vectorBits", -1));
    }

    public int resolvedThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }
}

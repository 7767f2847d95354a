package dev.pcdarts.engine.backend;

/**
 * Options a backend is created with. {@code threads <= 0} means the number of available
 * processors. {@code vectorBits} selects the kind of kernels only: {@code 0} the scalar twins,
 * any other value the vector kernels. The vector width itself is not an option of one backend:
 * the Vector API backend fixes its species once per JVM, when its classes load, from
 * {@link #vectorBitsProperty()} (the kernels need it as a {@code static final} constant for C2 to
 * compile them to vector instructions), so a {@code BackendOptions} asking for another width
 * still gets that one.
 */
public record BackendOptions(int threads, int vectorBits) {
    /** Kernel threads; unset or {@code <= 0}: the available processors. */
    public static final String THREADS_PROPERTY = "pcdarts.threads";
    /** Vector width in bits ({@code 64}, {@code 128}, {@code 256}, {@code 512}), {@code 0} for the scalar twins. */
    public static final String VECTOR_BITS_PROPERTY = "pcdarts.vectorBits";

    /** From the system properties {@code pcdarts.threads} and {@code pcdarts.vectorBits}. */
    public static BackendOptions fromSystemProperties() {
        return new BackendOptions(Integer.getInteger(THREADS_PROPERTY, 0), vectorBitsProperty());
    }

    /**
     * {@code pcdarts.vectorBits}, or {@code -1} (the CPU's preferred width) when unset: the one
     * place the property is read, by {@link #fromSystemProperties()} and by the Vector API
     * backend's species.
     */
    public static int vectorBitsProperty() {
        return Integer.getInteger(VECTOR_BITS_PROPERTY, -1);
    }

    public int resolvedThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }
}

package dev.pcdarts.engine.tensor;

/**
 * The memory behind a tensor. Each backend owns its storage type; the engine only ever asks
 * for its length. {@link HeapStorage} is the CPU one.
 */
public interface Storage {
    /** Number of float elements. */
    long length();
}

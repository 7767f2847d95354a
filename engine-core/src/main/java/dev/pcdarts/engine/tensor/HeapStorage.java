package dev.pcdarts.engine.tensor;

/** Storage on the Java heap: one {@code float[]}. */
public record HeapStorage(float[] array) implements Storage {
    @Override
    public long length() {
        return array.length;
    }
}

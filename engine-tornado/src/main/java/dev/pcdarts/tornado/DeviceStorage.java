package dev.pcdarts.tornado;

import dev.pcdarts.engine.tensor.Storage;

/**
 * A tensor's values on the device: {@code length} floats at {@code offset} in the device memory
 * of one {@link DeviceMemory}. It holds no host copy; the host sees the values only through the
 * backend's download.
 */
final class DeviceStorage implements Storage {
    final DeviceMemory memory;
    final int offset;
    final int length;
    /** The region a slice lies in, kept reachable while the slice is (null for a region). */
    private final DeviceStorage parent;

    DeviceStorage(DeviceMemory memory, int offset, int length) {
        this(memory, offset, length, null);
    }

    private DeviceStorage(DeviceMemory memory, int offset, int length, DeviceStorage parent) {
        this.memory = memory;
        this.offset = offset;
        this.length = length;
        this.parent = parent;
    }

    /** n floats from {@code from} on, as an operand of its own. */
    DeviceStorage slice(int from, int n) {
        if (from < 0 || n < 0 || from + n > length) throw new IndexOutOfBoundsException("slice " + from + "+" + n + " of " + length);
        return new DeviceStorage(memory, offset + from, n, parent != null ? parent : this);
    }

    @Override
    public long length() {
        return length;
    }
}

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

    DeviceStorage(DeviceMemory memory, int offset, int length) {
        this.memory = memory;
        this.offset = offset;
        this.length = length;
    }

    @Override
    public long length() {
        return length;
    }
}

package dev.pcdarts.tornado;

/** One Tornado backend for this module's test classes: each holds a device memory of its own. */
final class SharedTornado {
    static final TornadoBackend BACKEND = new TornadoBackend("");

    private SharedTornado() {}
}

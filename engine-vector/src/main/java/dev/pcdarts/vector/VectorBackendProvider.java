package dev.pcdarts.vector;

import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.backend.BackendOptions;
import dev.pcdarts.engine.backend.BackendProvider;

/** Registers the CPU backend; it is always available where the JVM has jdk.incubator.vector. */
public final class VectorBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "vector";
    }

    @Override
    public int rank() {
        return 100;
    }

    @Override
    public boolean isAvailable() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    @Override
    public String unavailableReason() {
        return isAvailable() ? "" : "the JVM was started without --add-modules jdk.incubator.vector";
    }

    @Override
    public Backend create(BackendOptions options) {
        return new VectorBackend(options.resolvedThreads(), options.vectorBits() != 0);
    }
}

package dev.pcdarts.nas.compute;

import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.backend.BackendOptions;
import dev.pcdarts.engine.backend.BackendProvider;
import dev.pcdarts.engine.backend.BackendUnavailableException;
import dev.pcdarts.engine.backend.Backends;
import dev.pcdarts.engine.backend.KernelProfile;
import java.util.ArrayList;
import java.util.List;

/** Opens the backend a job runs on; threads and vector width default to the pcdarts.* properties. */
public final class Compute {
    private Compute() {}

    /**
     * The backend named, or without a name ({@code null}) the one pcdarts.backend or
     * PCDARTS_BACKEND names, else the best available; {@code threads} 0 means pcdarts.threads,
     * else all cores.
     *
     * @throws BackendUnavailableException when that backend is unknown or cannot run here
     * @throws IllegalArgumentException when threads is negative
     */
    public static Backend open(String name, int threads) throws BackendUnavailableException {
        if (threads < 0) throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        BackendOptions fromProperties = BackendOptions.fromSystemProperties();
        return Backends.select(name, new BackendOptions(threads > 0 ? threads : fromProperties.threads(), fromProperties.vectorBits()));
    }

    /** The backend pcdarts picks without being told, with the properties' threads. */
    public static Backend open() throws BackendUnavailableException {
        return open(null, 0);
    }

    /** Every backend on the class path, in rank order; an available one is described by an instance of it. */
    public static List<InstalledBackend> installed() {
        String chosen;
        try {
            chosen = Backends.provider(null).name();
        } catch (BackendUnavailableException e) {
            chosen = null; // each provider says below why it cannot run
        }
        BackendOptions options = BackendOptions.fromSystemProperties();
        List<InstalledBackend> out = new ArrayList<>();
        for (BackendProvider p : Backends.providers()) {
            String details = p.isAvailable() ? p.create(options).describe() : p.unavailableReason();
            out.add(new InstalledBackend(p.name(), p.rank(), p.isAvailable(), p.name().equals(chosen), details));
        }
        return out;
    }

    /** A kernel profile: {@link KernelProfile#wrap} the backend a step runs on, and it times every kernel call. */
    public static KernelProfile profile() {
        return new KernelProfile();
    }
}

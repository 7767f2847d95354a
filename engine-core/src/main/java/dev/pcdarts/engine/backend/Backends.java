package dev.pcdarts.engine.backend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds backend providers and picks one: the explicit request, then the {@code pcdarts.backend}
 * system property, then the {@code PCDARTS_BACKEND} environment variable, then the available
 * provider of lowest rank.
 */
public final class Backends {
    private Backends() {}

    /** Every provider on the class path, sorted by rank. */
    public static List<BackendProvider> providers() {
        List<BackendProvider> list = new ArrayList<>();
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) list.add(p);
        list.sort(Comparator.comparingInt(BackendProvider::rank).thenComparing(BackendProvider::name));
        return list;
    }

    /** The name requested through the flag, property or environment; null when none. */
    public static String requestedName(String flag) {
        if (flag != null && !flag.isBlank()) return flag.trim();
        String prop = System.getProperty("pcdarts.backend");
        if (prop != null && !prop.isBlank()) return prop.trim();
        String env = System.getenv("PCDARTS_BACKEND");
        if (env != null && !env.isBlank()) return env.trim();
        return null;
    }

    /** Selects and creates a backend; {@code flag} may be null. */
    public static Backend select(String flag, BackendOptions options) {
        return provider(flag).create(options);
    }

    /** The provider {@link #select} would create from, without creating a backend; {@code flag} may be null. */
    public static BackendProvider provider(String flag) {
        return choose(providers(), requestedName(flag));
    }

    static BackendProvider choose(List<BackendProvider> providers, String name) {
        if (name != null) {
            for (BackendProvider p : providers) {
                if (p.name().equalsIgnoreCase(name)) {
                    if (!p.isAvailable()) {
                        throw new BackendUnavailableException("backend '" + p.name() + "' is unavailable: " + p.unavailableReason());
                    }
                    return p;
                }
            }
            String found = providers.stream().map(BackendProvider::name).collect(Collectors.joining(", "));
            throw new BackendUnavailableException("unknown backend '" + name.toLowerCase(Locale.ROOT) + "'; found: "
                    + (found.isEmpty() ? "none" : found));
        }
        for (BackendProvider p : providers) if (p.isAvailable()) return p;
        throw new BackendUnavailableException("no backend available; found: "
                + providers.stream().map(p -> p.name() + " (" + p.unavailableReason() + ")").collect(Collectors.joining(", ")));
    }
}

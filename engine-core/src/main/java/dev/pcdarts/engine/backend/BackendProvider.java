package dev.pcdarts.engine.backend;

/**
 * A backend plugin, found through {@link java.util.ServiceLoader}. {@link #isAvailable()} must
 * be cheap and must never throw (a GPU backend checks for its runtime without touching it).
 */
public interface BackendProvider {
    /** The name users select it by, e.g. {@code vector} or {@code tornado}. */
    String name();

    /** Lower ranks are preferred when the user names no backend. */
    int rank();

    boolean isAvailable();

    /** Why it is unavailable and how to enable it; empty when available. */
    String unavailableReason();

    /** Creates the backend with the given options (threads, vector width...). */
    Backend create(BackendOptions options);
}

package dev.pcdarts.nas.compute;

/**
 * A backend found on the class path: its name and rank, whether it can run here, whether it is
 * the one {@link Compute#open()} picks, and its description (or why it cannot run).
 */
public record InstalledBackend(String name, int rank, boolean available, boolean isDefault, String details) {}

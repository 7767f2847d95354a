package dev.pcdarts.nas.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.backend.BackendUnavailableException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComputeTest {
    @Test
    void opensTheNamedBackendWithTheThreadsAsked() {
        Backend b = Compute.open("vector", 1);
        assertEquals("vector", b.name());
        assertEquals(1, b.threads());
    }

    @Test
    void anUnknownNameOrNegativeThreadsIsRefusedWithTheReason() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> Compute.open("gpu", 0));
        assertTrue(e.getMessage().contains("unknown backend 'gpu'") && e.getMessage().contains("vector"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Compute.open(null, -1));
    }

    @Test
    void listsTheInstalledBackendsWithTheDefaultMarked() {
        List<InstalledBackend> all = Compute.installed();
        InstalledBackend vector = all.stream().filter(b -> b.name().equals("vector")).findFirst().orElseThrow();
        assertTrue(vector.available() && vector.isDefault(), vector.toString());
        assertTrue(vector.details().startsWith("Vector API"), vector.details());
        assertEquals(1, all.stream().filter(InstalledBackend::isDefault).count());
    }
}

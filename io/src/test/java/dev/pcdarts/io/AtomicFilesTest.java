package dev.pcdarts.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void replacesTheFileAndLeavesNoTempFileBehind() throws IOException {
        Path f = dir.resolve("sub/run.json");
        AtomicFiles.writeString(f, "old");
        AtomicFiles.writeString(f, "new");
        assertEquals("new", Files.readString(f));
        try (Stream<Path> s = Files.list(f.getParent())) {
            assertEquals(1, s.count(), "only the file itself");
        }
    }

    @Test
    void aWriteThatCannotLandKeepsWhatWasThereAndCleansUp() throws IOException {
        Path target = dir.resolve("blocked");
        Files.createDirectory(target);
        Files.writeString(target.resolve("inside"), "old"); // a non-empty directory cannot be replaced by a file
        assertThrows(IOException.class, () -> AtomicFiles.writeString(target, "new"));
        assertEquals("old", Files.readString(target.resolve("inside")));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temp file left beside it");
        }
    }
}

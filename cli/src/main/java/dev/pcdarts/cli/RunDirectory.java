package dev.pcdarts.cli;

import dev.pcdarts.engine.io.AtomicFiles;
import dev.pcdarts.engine.io.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A run's folder: config.json, provenance.json, log.txt, metrics.csv/.arrow, genotypes/ and
 * arch/ per epoch, checkpoint.safetensors, cells/*.svg|dot and report.html.
 */
final class RunDirectory {
    final Path dir;

    private RunDirectory(Path dir) {
        this.dir = dir;
    }

    /** Creates {@code requested}, or runs/&lt;timestamp&gt;-&lt;kind&gt;; fails clearly when it cannot be written. */
    static RunDirectory create(Path requested, String kind) {
        Path d = requested != null ? requested
                : Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + kind);
        if (requested == null) {
            int i = 2;
            while (Files.exists(d)) d = Path.of(d + "-" + i++);
        }
        try {
            Files.createDirectories(d);
            Path probe = Files.createTempFile(d, ".write-probe", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new UsageException("cannot write the run directory " + d + ": " + e.getMessage());
        }
        return new RunDirectory(d);
    }

    /** An existing run (for --resume and test). */
    static RunDirectory existing(Path d) {
        if (!Files.isDirectory(d)) throw new UsageException("no run directory at " + d);
        if (!Files.isRegularFile(d.resolve("config.json"))) throw new UsageException(d + " is not a run directory (no config.json)");
        return new RunDirectory(d);
    }

    Path checkpoint() {
        return dir.resolve("checkpoint.safetensors");
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    void writeJson(String name, Object value) {
        writeText(name, Json.write(value) + "\n");
    }

    void writeText(String name, String text) {
        try {
            AtomicFiles.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + dir.resolve(name) + ": " + e.getMessage(), e);
        }
    }

    void append(String name, String line) {
        try {
            Files.writeString(dir.resolve(name), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + dir.resolve(name) + ": " + e.getMessage(), e);
        }
    }

    String readText(String name) {
        try {
            return Files.readString(dir.resolve(name));
        } catch (IOException e) {
            throw new UsageException("cannot read " + dir.resolve(name) + ": " + e.getMessage());
        }
    }
}

package dev.pcdarts.cli;

import dev.pcdarts.datasets.DataException;
import dev.pcdarts.io.AtomicFiles;
import dev.pcdarts.io.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A run's folder: config.json, provenance.json, log.txt, metrics.csv/.arrow, genotypes/ and
 * arch/ per epoch, checkpoint.safetensors, cells/*.svg|dot and report.html. While a run writes
 * it, the folder is locked (an operating-system lock on {@value #LOCK}, which holds the pid),
 * so that a second run on it is refused instead of interleaving with the first.
 */
final class RunDirectory implements AutoCloseable {
    static final String LOCK = ".pcdarts.lock";
    /** What a run writes; --force removes these and nothing else. */
    private static final List<String> RUN_FILES = List.of("config.json", "provenance.json", "log.txt", "metrics.csv", "metrics.arrow",
            "checkpoint.safetensors", BestCheckpoint.FILE, BestCheckpoint.RECORD, "genotype.json", "genotype.txt", "report.html", "genotypes", "arch", "cells");

    final Path dir;
    private final boolean createdHere;
    private final FileChannel lockChannel;

    private RunDirectory(Path dir, boolean createdHere, FileChannel lockChannel) {
        this.dir = dir;
        this.createdHere = createdHere;
        this.lockChannel = lockChannel;
    }

    /**
     * A new run's folder: {@code requested}, or runs/&lt;timestamp&gt;-&lt;kind&gt;. A folder that
     * holds a run, or anything else, is refused unless {@code force} (which removes a run's files
     * and leaves the rest).
     */
    static RunDirectory create(Path requested, String kind, boolean force) {
        Path d = requested != null ? requested
                : Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + kind);
        if (requested == null) {
            int i = 2;
            while (Files.exists(d)) d = Path.of(d + "-" + i++);
        }
        boolean existed = Files.exists(d);
        if (existed && !Files.isDirectory(d)) throw new UsageException("--run-dir " + d + " is a file, not a directory");
        if (existed && !force && !isEmpty(d)) {
            if (Files.exists(d.resolve("config.json"))) {
                throw new UsageException(d + " holds " + (finished(d) ? "a finished" : "an unfinished") + " run: continue it with --resume "
                        + d + ", or replace it with --force");
            }
            throw new UsageException(d + " is not empty: give a new or empty --run-dir, or --force to write into it");
        }
        try {
            Files.createDirectories(d);
        } catch (IOException | SecurityException e) {
            throw new RunWriteException(d, "the run directory", e instanceof IOException io ? io : new IOException(e.getMessage()));
        }
        FileChannel lock;
        try {
            lock = lock(d);
        } catch (RuntimeException e) {
            if (!existed) deleteTree(d);
            throw e;
        }
        RunDirectory run = new RunDirectory(d, !existed, lock);
        if (force) run.removeRunFiles();
        run.removeTempFiles();
        return run;
    }

    /** An existing run (for --resume and test), locked for this process. */
    static RunDirectory existing(Path d) {
        if (!Files.isDirectory(d)) throw new UsageException("no run directory at " + d);
        if (!Files.isRegularFile(d.resolve("config.json"))) throw new UsageException(d + " is not a run directory (no config.json)");
        RunDirectory run = new RunDirectory(d, false, lock(d));
        run.removeTempFiles();
        return run;
    }

    /** An existing run read and not written (test): neither locked nor tidied, so it may run beside the run that writes it. */
    static RunDirectory reading(Path d) {
        if (!Files.isDirectory(d)) throw new UsageException("no run directory at " + d);
        if (!Files.isRegularFile(d.resolve("config.json"))) throw new UsageException(d + " is not a run directory (no config.json)");
        return new RunDirectory(d, false, null);
    }

    private static boolean finished(Path d) {
        return Files.exists(d.resolve("report.html"));
    }

    private static boolean isEmpty(Path d) {
        try (Stream<Path> s = Files.list(d)) {
            return s.noneMatch(p -> !p.getFileName().toString().equals(LOCK)); // a lock file alone is what a killed start leaves
        } catch (IOException e) {
            throw new UsageException("cannot read the run directory " + d + ": " + RunWriteException.reason(e));
        }
    }

    private static FileChannel lock(Path d) {
        Path f = d.resolve(LOCK);
        FileChannel ch;
        try {
            ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new RunWriteException(f, "the lock file", e);
        }
        try {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String holder = new String(Files.readAllBytes(f), StandardCharsets.UTF_8).strip();
                ch.close();
                throw new UsageException(d + " is in use by another pcdarts run" + (holder.isEmpty() ? "" : " (pid " + holder + ")")
                        + "; wait for it to end or give another --run-dir");
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(true);
            return ch;
        } catch (IOException e) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // the lock goes with the channel
            }
            throw new RunWriteException(f, "the lock file", e);
        }
    }

    /** Temp files of writes that a kill cut short: never part of a run, and invisible to its readers. */
    private void removeTempFiles() {
        try (Stream<Path> s = Files.walk(dir, 2)) {
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".tmp") && Files.isRegularFile(p)).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new RunWriteException(dir, "the run directory", e);
        }
    }

    private void removeRunFiles() {
        try {
            for (String name : RUN_FILES) {
                Path p = dir.resolve(name);
                if (!Files.exists(p)) continue;
                try (Stream<Path> s = Files.walk(p)) {
                    for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(q);
                }
            }
        } catch (IOException e) {
            throw new RunWriteException(dir, "the run directory", e);
        }
    }

    /** Releases the lock; a folder this run created and never wrote a configuration into is removed. */
    @Override
    public void close() {
        if (lockChannel == null) return;
        try {
            if (createdHere && !Files.exists(dir.resolve("config.json"))) {
                deleteTree(dir);
            } else {
                Files.deleteIfExists(dir.resolve(LOCK));
            }
        } catch (IOException ignored) {
            // what is left is a lock file without a lock: the next run takes it over
        } finally {
            try {
                lockChannel.close();
            } catch (IOException ignored) {
                // closing releases the lock whatever happens
            }
        }
    }

    /** Removes a folder this run created, as far as it can (a refused run leaves nothing). */
    private static void deleteTree(Path d) {
        try (Stream<Path> s = Files.walk(d)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        } catch (IOException ignored) {
            // a folder that cannot be removed stays; the error the user sees is the one that refused the run
        }
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
            throw new RunWriteException(dir.resolve(name), "", e);
        }
    }

    void append(String name, String line) {
        try {
            Files.writeString(dir.resolve(name), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new RunWriteException(dir.resolve(name), "", e);
        }
    }

    /** A file of the run; one that cannot be read is a data error. */
    String readText(String name) {
        try {
            return Files.readString(dir.resolve(name));
        } catch (IOException e) {
            throw DataException.of(dir.resolve(name), "cannot be read: " + RunWriteException.reason(e));
        }
    }
}

package dev.pcdarts.cli;

import dev.pcdarts.datasets.DataException;
import dev.pcdarts.io.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;

/** Reading back what a run wrote (config.json, the checkpoint): damage is a data error naming the file. */
final class RunFiles {
    private RunFiles() {}

    /** config.json of a run of {@code command}. */
    static Map<String, Object> config(RunDirectory run, String command) {
        Path f = run.file("config.json");
        Map<String, Object> m;
        try {
            m = Json.parseObject(run.readText("config.json"));
        } catch (IllegalArgumentException | ClassCastException e) {
            throw DataException.of(f, "not valid JSON (" + e.getMessage() + ")");
        }
        if (!command.equals(m.get("command"))) {
            throw new UsageException(run.dir + " holds a " + (m.get("command") == null ? "damaged" : "'" + m.get("command") + "'") + " run, not a "
                    + command + " run: use 'pcdarts " + (m.get("command") == null ? command : m.get("command")) + " --resume " + run.dir + "'");
        }
        return m;
    }

    /**
     * The run's recorded provenance (a resumed run reports where it started), else {@code
     * current}; the data must still be what the run started on.
     */
    static Map<String, Object> provenance(RunDirectory run, Map<String, Object> current) {
        if (!java.nio.file.Files.exists(run.file("provenance.json"))) return current;
        Map<String, Object> recorded;
        try {
            recorded = Json.parseObject(run.readText("provenance.json"));
        } catch (IllegalArgumentException e) {
            throw DataException.of(run.file("provenance.json"), "not valid JSON (" + e.getMessage() + ")");
        }
        Object was = recorded.get("data_fingerprint");
        Object now = current.get("data_fingerprint");
        if (was != null && !was.equals(now)) {
            throw new DataException("the data changed since " + run.dir + " started (fingerprint " + was + ", now " + now
                    + "): resume on the same data, or start a new run");
        }
        return recorded;
    }

    /**
     * The provenance the run reports: a new run writes it and then its configuration (last: a
     * folder with a configuration is a run); a resumed one keeps what it recorded when it began.
     */
    static Map<String, Object> begin(RunDirectory run, boolean resumed, Map<String, Object> provenance, Map<String, Object> config) {
        if (resumed) return provenance(run, provenance);
        run.writeJson("provenance.json", provenance);
        run.writeJson("config.json", config);
        return provenance;
    }

    /** Builds a typed configuration from config.json; a value that does not fit is a data error naming the file. */
    static <T> T parse(RunDirectory run, java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException | ClassCastException | NullPointerException | IndexOutOfBoundsException e) {
            throw DataException.of(run.file("config.json"), "does not hold a valid configuration (" + e.getMessage() + ")");
        }
    }

    /** What a checkpoint action may throw: I/O, a damaged file, a checkpoint of another run. */
    interface CheckpointAction {
        void run() throws IOException;
    }

    /** Runs a restore from the run's checkpoint; any failure is one line naming the file. */
    static void restore(RunDirectory run, CheckpointAction action) {
        try {
            action.run();
        } catch (IOException e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            String file = run.checkpoint().toString();
            if (msg.startsWith(file + ": ")) msg = msg.substring(file.length() + 2);
            if (msg.startsWith(run.checkpoint().toAbsolutePath() + ": ")) msg = msg.substring(run.checkpoint().toAbsolutePath().toString().length() + 2);
            String first = msg.lines().findFirst().orElse(msg);
            if (first.endsWith(":")) first = first.substring(0, first.length() - 1);
            throw DataException.of(run.checkpoint(), first + (msg.contains("another configuration") ? configDifference(msg) : ""));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw DataException.of(run.checkpoint(), "damaged (" + e.getMessage() + ")");
        }
    }

    /** Which settings differ, from Checkpoint's two-line message: "checkpoint: {...}" and "this run: {...}". */
    private static String configDifference(String msg) {
        String[] lines = msg.lines().map(String::strip).toArray(String[]::new);
        if (lines.length < 3) return "";
        try {
            Map<String, Object> a = Json.parseObject(lines[1].substring(lines[1].indexOf('{')));
            Map<String, Object> b = Json.parseObject(lines[2].substring(lines[2].indexOf('{')));
            TreeSet<String> keys = new TreeSet<>(a.keySet());
            keys.addAll(b.keySet());
            keys.removeIf(k -> java.util.Objects.equals(a.get(k), b.get(k)));
            return keys.isEmpty() ? "" : " (config.json was changed: " + String.join(", ", keys) + " differ)";
        } catch (RuntimeException e) {
            return "";
        }
    }
}

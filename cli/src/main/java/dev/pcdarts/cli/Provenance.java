package dev.pcdarts.cli;

import dev.pcdarts.datasets.ImageSet;
import dev.pcdarts.engine.backend.Backend;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

/** Where a run came from: version, git commit, JDK, backend, threads, seed, data fingerprint. */
final class Provenance {
    static final String VERSION = "0.1.0-SNAPSHOT";

    private Provenance() {}

    static Map<String, Object> of(Backend b, long seed, String dataSource, ImageSet train, String[] args) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pcdarts_version", VERSION);
        m.put("git_commit", gitCommit());
        m.put("jdk", Runtime.version().toString() + " (" + System.getProperty("java.vendor") + ")");
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.put("backend", b.name());
        m.put("backend_details", b.describe());
        m.put("threads", b.threads());
        m.put("seed", seed);
        m.put("data", dataSource);
        m.put("data_fingerprint", fingerprint(train));
        m.put("command", "pcdarts " + String.join(" ", args));
        m.put("started", java.time.OffsetDateTime.now().toString());
        return m;
    }

    /** Name, size, shape and a CRC32 over the labels and the first 2,000 images. */
    static String fingerprint(ImageSet s) {
        CRC32 crc = new CRC32();
        byte[] img = new byte[s.info().imageBytes()];
        for (int i = 0; i < Math.min(s.size(), 2000); i++) {
            s.read(i, img, 0);
            crc.update(img);
        }
        for (int i = 0; i < s.size(); i++) crc.update(s.label(i));
        return String.format("%s:%d:%dx%dx%d:crc32=%08x", s.info().name(), s.size(), s.info().height(), s.info().width(),
                s.info().channels(), crc.getValue());
    }

    static String gitCommit() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD").redirectErrorStream(true).start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "unknown";
            }
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.exitValue() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}

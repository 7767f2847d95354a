package dev.pcdarts.datasets.download;

import dev.pcdarts.datasets.DataException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.LongConsumer;

/**
 * Fetches an archive into a folder: bytes go to {@code <name>.part} (resumed with an HTTP
 * Range request when a partial file is there), the MD5 is checked, then the file is renamed into
 * place. A file already present with the right checksum is not fetched again.
 */
public final class Downloader {
    /** A downloadable archive and its published MD5. */
    public record Source(String name, URI uri, String md5, String fileName) {}

    public static final Source CIFAR10 = new Source("cifar-10",
            URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"), "c32a1d4ab5d03f1284b67883e8d87530", "cifar-10-binary.tar.gz");
    public static final Source CIFAR100 = new Source("cifar-100",
            URI.create("https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz"), "03b5dce01913d631647c71ecec9e9cb8", "cifar-100-binary.tar.gz");

    private final HttpClient client;

    public Downloader() {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).followRedirects(HttpClient.Redirect.NORMAL).build());
    }

    public Downloader(HttpClient client) {
        this.client = client;
    }

    /** Returns the verified file; {@code progress} receives the bytes on disk so far. */
    public Path fetch(Source s, Path dir, LongConsumer progress) {
        Path target = dir.resolve(s.fileName());
        try {
            Files.createDirectories(dir);
            if (Files.isRegularFile(target) && md5(target).equalsIgnoreCase(s.md5())) return target;
            Path part = dir.resolve(s.fileName() + ".part");
            long have = Files.isRegularFile(part) ? Files.size(part) : 0;
            HttpRequest.Builder req = HttpRequest.newBuilder(s.uri()).timeout(Duration.ofMinutes(30)).GET();
            if (have > 0) req.header("Range", "bytes=" + have + "-");
            HttpResponse<InputStream> resp = client.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
            boolean append = resp.statusCode() == 206;
            if (resp.statusCode() != 200 && !append) {
                resp.body().close();
                if (resp.statusCode() == 416 && have > 0) { // the partial file is already whole
                    return finish(s, part, target);
                }
                throw new DataException(s.uri() + ": HTTP " + resp.statusCode());
            }
            if (!append) have = 0;
            try (InputStream in = resp.body();
                 FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                         append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
                byte[] buf = new byte[1 << 16];
                int r;
                while ((r = in.read(buf)) > 0) {
                    out.write(buf, 0, r);
                    have += r;
                    if (progress != null) progress.accept(have);
                }
                out.flush();
                ch.force(true);
            }
            return finish(s, part, target);
        } catch (IOException e) {
            throw new DataException("downloading " + s.uri() + " into " + dir + " failed: " + e.getMessage()
                    + " (run the command again to resume)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataException("download of " + s.uri() + " interrupted; run the command again to resume", e);
        }
    }

    private static Path finish(Source s, Path part, Path target) throws IOException {
        String got = md5(part);
        if (!got.equalsIgnoreCase(s.md5())) {
            Files.deleteIfExists(part);
            throw DataException.of(target, "checksum mismatch: MD5 " + got + ", expected " + s.md5() + " (the partial file was removed)");
        }
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    public static String md5(Path file) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buf = new byte[1 << 16];
                int r;
                while ((r = in.read(buf)) > 0) md.update(buf, 0, r);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

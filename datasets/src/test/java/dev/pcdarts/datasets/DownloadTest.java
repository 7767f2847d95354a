package dev.pcdarts.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.pcdarts.datasets.download.Downloader;
import dev.pcdarts.datasets.readers.CifarReader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a local HTTP server on 127.0.0.1 serving a small CIFAR-layout archive. */
class DownloadTest {
    @TempDir
    Path dir;

    private HttpServer server;
    private byte[] archive;
    private final List<String> ranges = new CopyOnWriteArrayList<>();

    @BeforeEach
    void serve() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        byte[] rec = Files4Test.cifarRecords(new byte[][] {Files4Test.random(1, 3072), Files4Test.random(2, 3072)}, new int[][] {{1}, {2}});
        for (int b = 1; b <= 5; b++) files.put("cifar-10-batches-bin/data_batch_" + b + ".bin", rec);
        files.put("cifar-10-batches-bin/test_batch.bin", rec);
        Path a = dir.resolve("served.tar.gz");
        Files4Test.tarGz(a, files);
        archive = Files.readAllBytes(a);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/cifar.tar.gz", ex -> {
            String range = ex.getRequestHeaders().getFirst("Range");
            int from = 0;
            if (range != null) {
                ranges.add(range);
                from = Integer.parseInt(range.replace("bytes=", "").replace("-", ""));
                ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (archive.length - 1) + "/" + archive.length);
                ex.sendResponseHeaders(206, archive.length - from);
            } else {
                ex.sendResponseHeaders(200, archive.length);
            }
            try (OutputStream o = ex.getResponseBody()) {
                o.write(archive, from, archive.length - from);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Downloader.Source source(String md5) {
        return new Downloader.Source("t", URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/cifar.tar.gz"), md5, "cifar.tar.gz");
    }

    private String md5() throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(archive));
    }

    @Test
    void fetchesVerifiesAndReadsTheArchive() throws Exception {
        Path got = new Downloader().fetch(source(md5()), dir.resolve("data"), null);
        assertArrayEquals(archive, Files.readAllBytes(got));
        assertFalse(Files.exists(dir.resolve("data/cifar.tar.gz.part")));
        assertEquals(10, CifarReader.read(got, false, true).size());
        new Downloader().fetch(source(md5()), dir.resolve("data"), null); // present and valid: nothing to do
        assertTrue(ranges.isEmpty());
    }

    @Test
    void resumesAPartialFile() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.write(data.resolve("cifar.tar.gz.part"), java.util.Arrays.copyOf(archive, archive.length / 2));
        Path got = new Downloader().fetch(source(md5()), data, null);
        assertEquals(List.of("bytes=" + archive.length / 2 + "-"), ranges);
        assertArrayEquals(archive, Files.readAllBytes(got));
    }

    @Test
    void checksumMismatchLeavesNothingBehind() {
        DataException e = assertThrows(DataException.class, () -> new Downloader().fetch(source("0123456789abcdef0123456789abcdef"), dir.resolve("d"), null));
        assertTrue(e.getMessage().contains("cifar.tar.gz") && e.getMessage().contains("checksum mismatch"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("d/cifar.tar.gz")));
        assertFalse(Files.exists(dir.resolve("d/cifar.tar.gz.part")));
    }
}

package dev.pcdarts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run directory on a tmpfs too small for two checkpoints, in a mount namespace of its own (unshare): the disk fills
 * during a search, then is freed and the run resumed; a new run on a full disk; a resume on a
 * read-only file system. Each failure is one line naming the path, exit code 5, and the resumed
 * run equals an uninterrupted one.
 */
class FullDiskTest {
    @TempDir
    Path tmp;

    private static final List<String> SEARCH = List.of("search", "--epochs", "3", "--init-channels", "4", "--layers", "3", "--batch-size", "8",
            "--limit-images", "32", "--begin", "1", "--workers", "1", "--no-progress");

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String pcdarts(List<String> args) {
        List<String> cmd = new ArrayList<>(PcdartsProcess.javaCommand());
        cmd.addAll(args);
        return String.join(" ", cmd.stream().map(FullDiskTest::quote).toList());
    }

    private static boolean namespacesWork() throws InterruptedException {
        try {
            Process p = new ProcessBuilder("unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt 2>/dev/null || mount -t tmpfs -o size=64k tmpfs \"$0\"", "/tmp")
                    .redirectErrorStream(true).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private String read(String name) throws IOException {
        return Files.readString(tmp.resolve(name)).strip();
    }

    /** What pcdarts printed, without the JVM's own warning about incubator modules. */
    private String said(String name) throws IOException {
        return String.join("\n", read(name).lines().filter(l -> !l.startsWith("WARNING: Using incubator modules")).toList());
    }

    @Test
    void aFullDiskAndAReadOnlyDirectoryAreOneLineAndTheRunResumesExactly() throws Exception {
        assumeTrue(namespacesWork(), "needs unshare -rm and tmpfs mounts (user and mount namespaces)");
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        Path run = mnt.resolve("diskfull-run");
        List<String> first = new ArrayList<>(SEARCH);
        first.addAll(List.of("--run-dir", run.toString()));
        String script = String.join("\n",
                "set -u",
                "cd " + quote(System.getProperty("user.dir")), // where the uninterrupted run starts: its provenance names the same commit
                "T=" + quote(tmp.toString()),
                "mount -t tmpfs -o size=1m tmpfs " + quote(mnt.toString()) + " || exit 90",
                // about 450 KB free: the first checkpoint fits, its successor beside it does not
                "head -c 598016 /dev/zero > " + quote(mnt.resolve("filler").toString()),
                pcdarts(first) + " > \"$T/out1\" 2>&1; echo $? > \"$T/rc1\"",
                "test -e " + quote(run.resolve("checkpoint.safetensors").toString()) + " && cp " + quote(run.resolve("checkpoint.safetensors").toString()) + " \"$T/kept.safetensors\"",
                "rm " + quote(mnt.resolve("filler").toString()),
                pcdarts(List.of("search", "--resume", run.toString(), "--no-progress")) + " > \"$T/out2\" 2>&1; echo $? > \"$T/rc2\"",
                "cp -a " + quote(run.toString()) + " " + quote(tmp.resolve("diskfull-run").toString()),
                "head -c 2000000 /dev/zero > " + quote(mnt.resolve("filler").toString()) + " 2>/dev/null",
                pcdarts(List.of("search", "--fast-dev-run", "--no-progress", "--run-dir", mnt.resolve("new").toString())) + " > \"$T/out3\" 2>&1; echo $? > \"$T/rc3\"",
                "test -e " + quote(mnt.resolve("new").toString()) + " && echo yes > \"$T/new-left\" || echo no > \"$T/new-left\"",
                "rm -f " + quote(mnt.resolve("filler").toString()),
                "mount -o remount,ro " + quote(mnt.toString()) + " || exit 91",
                pcdarts(List.of("search", "--resume", run.toString(), "--no-progress")) + " > \"$T/out4\" 2>&1; echo $? > \"$T/rc4\"",
                "");
        Path sh = Files.writeString(tmp.resolve("disk.sh"), script);
        Process p = new ProcessBuilder("unshare", "-rm", "bash", sh.toString()).redirectErrorStream(true).redirectOutput(tmp.resolve("script.out").toFile()).start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the script ended");
        assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("script.out")));

        String out1 = said("out1");
        assertEquals("5", read("rc1"), out1);
        assertTrue(out1.contains("pcdarts: cannot write the checkpoint " + run.resolve("checkpoint.safetensors") + ": No space left on device"), out1);
        assertTrue(out1.contains("the last good checkpoint is intact"), out1);
        assertFalse(out1.contains("Exception") || out1.contains("\tat "), out1);
        assertTrue(Files.exists(tmp.resolve("kept.safetensors")), "the last good checkpoint survived");
        dev.pcdarts.nas.loop.Checkpoint.tensors(tmp.resolve("kept.safetensors")); // and it reads

        assertEquals("0", read("rc2"), read("out2"));
        Path whole = tmp.resolve("whole");
        List<String> w = new ArrayList<>(SEARCH);
        w.addAll(List.of("--run-dir", whole.toString()));
        Cli c = Cli.run(w.toArray(new String[0]));
        assertEquals(0, c.code(), c.toString());
        RunRecords.assertSameRun(whole, tmp.resolve("diskfull-run"));

        String out3 = said("out3");
        assertEquals("5", read("rc3"), out3);
        assertTrue(out3.startsWith("pcdarts: cannot write ") && out3.contains(mnt.resolve("new").toString()) && out3.contains("No space left on device"), out3);
        assertEquals(1, out3.lines().count(), out3);
        assertEquals("no", read("new-left"), "a refused new run leaves no directory");

        String out4 = said("out4");
        assertEquals("5", read("rc4"), out4);
        assertTrue(out4.startsWith("pcdarts: cannot write ") && out4.contains(run.toString()) && out4.contains("Read-only file system"), out4);
        assertEquals(1, out4.lines().count(), out4);
    }
}

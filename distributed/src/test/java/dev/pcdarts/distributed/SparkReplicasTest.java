package dev.pcdarts.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pcdarts.nas.loop.ReplicaGroup;
import dev.pcdarts.nas.loop.TrainListener;
import dev.pcdarts.nas.train.EvalTrainer;
import dev.pcdarts.nas.train.SearchTrainer;
import dev.pcdarts.vector.VectorBackend;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replicas as Spark barrier tasks on local-cluster[2,1,1024]: a master and a worker in this JVM,
 * two executor JVMs, everything on this machine. One context serves every test, which keeps the
 * cost of starting executors to once.
 */
class SparkReplicasTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    @TempDir
    static Path home;
    private static JavaSparkContext sc;

    @BeforeAll
    static void startCluster() throws Exception {
        sc = new JavaSparkContext(LocalCluster.conf(home.resolve("spark-home"), "local-cluster[2,1,1024]"));
    }

    @AfterAll
    static void stopCluster() {
        if (sc != null) sc.stop();
    }

    /** One replica's end state, sent back to the driver. */
    record Outcome(int rank, List<float[]> params, String genotype, byte[] checkpoint, long pid) implements Serializable {}

    /** A tiny search (or training) on every replica, resumed from its checkpoint when one exists. */
    record Tiny(boolean search, String checkpoint, int checkpointEvery, String killFile, int killEpoch, int killStep)
            implements ReplicaTask<Outcome> {
        @Override
        public Outcome run(ReplicaGroup group, int attempt) throws Exception {
            Path ck = Path.of(checkpoint);
            List<TrainListener> listeners = new ArrayList<>();
            if (killFile != null && attempt == 0 && group.rank() == 1) listeners.add(new WaitForKill(Path.of(killFile), killEpoch, killStep));
            Path written = group.rank() == 0 ? ck : null;
            if (search) {
                SearchTrainer t = new SearchTrainer(new VectorBackend(1, true), ReplicatedLoopsTest.tinySearch(), listeners).replicas(group);
                t.setCheckpointEvery(checkpointEvery);
                if (Files.exists(ck)) t.resume(ck);
                SearchTrainer.Result r = t.run(ReplicatedLoopsTest.train(), ReplicatedLoopsTest.val(), written);
                List<float[]> p = ReplicatedLoopsTest.values(t.network().namedParameters());
                p.addAll(ReplicatedLoopsTest.values(t.network().archParameters()));
                return outcome(group, p, r.genotype().toReferenceString(), written);
            }
            EvalTrainer t = new EvalTrainer(new VectorBackend(1, true), ReplicatedLoopsTest.tinyTrain(), listeners).replicas(group);
            t.setCheckpointEvery(checkpointEvery);
            if (Files.exists(ck)) t.resume(ck);
            t.run(ReplicatedLoopsTest.train(), ReplicatedLoopsTest.val(), written);
            return outcome(group, ReplicatedLoopsTest.values(t.network().namedParameters()), "", written);
        }

        private static Outcome outcome(ReplicaGroup g, List<float[]> p, String genotype, Path written) throws Exception {
            return new Outcome(g.rank(), p, genotype, written == null ? null : Files.readAllBytes(written), ProcessHandle.current().pid());
        }
    }

    /** Publishes this executor's pid at the given step and waits there to be killed. */
    record WaitForKill(Path file, int epoch, int step) implements TrainListener {
        @Override
        public void onStep(StepStats s) {
            if (s.epoch() != epoch || s.step() != step) return;
            try {
                Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                Files.writeString(tmp, Long.toString(ProcessHandle.current().pid()));
                Files.move(tmp, file);
                Thread.sleep(TIMEOUT.toMillis());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            throw new IllegalStateException("rank 1 was not killed");
        }
    }

    private static List<Outcome> run(int replicas, Tiny task, int maxRetries) {
        return SparkReplicas.run(sc, new SparkReplicas.Options(replicas, TIMEOUT, maxRetries), task, System.err::println);
    }

    @Test
    void twoReplicasOnTwoExecutorsAgreeAndRepeatOneReplicaIsThePlainRun(@TempDir Path dir) throws Exception {
        for (boolean search : new boolean[] {true, false}) {
            String kind = search ? "search" : "train";
            List<Outcome> a = run(2, new Tiny(search, dir.resolve(kind + "-a.safetensors").toString(), 0, null, 0, 0), 0);
            List<Outcome> b = run(2, new Tiny(search, dir.resolve(kind + "-b.safetensors").toString(), 0, null, 0, 0), 0);
            assertNotEquals(a.get(0).pid(), a.get(1).pid(), "two executor JVMs");
            assertNotEquals(ProcessHandle.current().pid(), a.get(0).pid(), "not the driver");
            ReplicatedLoopsTest.assertSameBits(a.get(0).params(), a.get(1).params(), kind + ": rank 0 against rank 1");
            assertEquals(a.get(0).genotype(), a.get(1).genotype());
            assertArrayEquals(a.get(0).checkpoint(), b.get(0).checkpoint(), kind + ": checkpoint, run against rerun");
            // the in-process ring gives the same bits as the executors' ring
            List<ReplicatedLoopsTest.Outcome> local = LocalReplicas.run(2, TIMEOUT, g -> search
                    ? new ReplicatedLoopsTest().searchIn(g, dir.resolve(kind + "-local"))
                    : new ReplicatedLoopsTest().trainingIn(g, dir.resolve(kind + "-local")));
            assertArrayEquals(local.get(0).checkpoint(), a.get(0).checkpoint(), kind + ": threads against executors");
            List<Outcome> one = run(1, new Tiny(search, dir.resolve(kind + "-one.safetensors").toString(), 0, null, 0, 0), 0);
            ReplicatedLoopsTest.Outcome plain = search ? new ReplicatedLoopsTest().searchIn(null, dir.resolve(kind + "-plain"))
                    : new ReplicatedLoopsTest().trainingIn(null, dir.resolve(kind + "-plain"));
            assertArrayEquals(plain.checkpoint(), one.get(0).checkpoint(), kind + ": 1 Spark replica against the plain run");
            assertFalse(java.util.Arrays.equals(plain.checkpoint(), a.get(0).checkpoint()), kind + ": 2 replicas are not the plain run");
        }
    }

    @Test
    void aKilledExecutorIsRelaunchedFromTheLastCheckpointAndEndsBitIdentical(@TempDir Path dir) throws Exception {
        Path killFile = dir.resolve("rank1.pid");
        Thread killer = Thread.ofVirtual().start(() -> {
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (!Files.exists(killFile) && System.nanoTime() < deadline) Thread.sleep(50);
                if (!Files.exists(killFile)) return;
                long pid = Long.parseLong(Files.readString(killFile).trim());
                new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start().waitFor();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // epoch 1 of 2, after its second step: one mid-epoch checkpoint (every step) is the latest
        List<Outcome> killed = run(2, new Tiny(true, dir.resolve("killed.safetensors").toString(), 1, killFile.toString(), 1, 1), 2);
        killer.join();
        assertTrue(Files.exists(killFile), "rank 1 reached the step where it was killed");
        List<Outcome> whole = run(2, new Tiny(true, dir.resolve("whole.safetensors").toString(), 1, null, 0, 0), 0);
        assertArrayEquals(whole.get(0).checkpoint(), killed.get(0).checkpoint(), "final checkpoint after a kill -9 and relaunch");
        ReplicatedLoopsTest.assertSameBits(killed.get(0).params(), killed.get(1).params(), "both ranks after the relaunch");
    }

    @Test
    void replicasThatFailEveryLaunchStopWithTheRetryLimit(@TempDir Path dir) {
        ReplicaTask<Outcome> failing = (group, attempt) -> {
            throw new IllegalStateException("replica " + group.rank() + " cannot start (attempt " + attempt + ")");
        };
        var e = assertThrows(dev.pcdarts.api.ReplicasFailedException.class,
                () -> SparkReplicas.run(sc, new SparkReplicas.Options(2, TIMEOUT, 1), failing, System.err::println));
        assertTrue(e.getMessage().contains("failed 2 time(s)") && e.getMessage().contains("cannot start"), e.getMessage());
    }
}

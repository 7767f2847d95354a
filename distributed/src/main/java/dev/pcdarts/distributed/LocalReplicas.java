package dev.pcdarts.distributed;

import dev.pcdarts.nas.loop.ReplicaGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * N replicas as N threads of this JVM, joined by a ring on the loopback interface: what the
 * in-process tests and {@code pcdarts bench --replicas N} run. Each thread gets its own
 * {@link ReplicaGroup}; the results come back in rank order.
 */
public final class LocalReplicas {
    /** One replica's work, given its group. */
    @FunctionalInterface
    public interface Body<T> {
        T run(ReplicaGroup group) throws Exception;
    }

    private LocalReplicas() {}

    public static <T> List<T> run(int replicas, Duration timeout, Body<T> body) throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        List<RingListener> listeners = new ArrayList<>();
        try {
            List<InetSocketAddress> addresses = new ArrayList<>();
            for (int r = 0; r < replicas; r++) {
                RingListener l = RingListener.bind(loopback);
                listeners.add(l);
                addresses.add(l.address());
            }
            ExecutorService pool = Executors.newFixedThreadPool(replicas, runnable -> {
                Thread t = new Thread(runnable, "replica");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<T>> futures = new ArrayList<>();
                for (int r = 0; r < replicas; r++) {
                    RingConfig cfg = new RingConfig(r, replicas, addresses, timeout);
                    RingListener l = listeners.get(r);
                    futures.add(pool.submit(() -> {
                        try (RingReplicaGroup group = new RingReplicaGroup(RingAllReduce.open(cfg, l))) {
                            return body.run(group);
                        }
                    }));
                }
                List<T> out = new ArrayList<>();
                for (Future<T> f : futures) {
                    try {
                        out.add(f.get());
                    } catch (ExecutionException e) {
                        if (e.getCause() instanceof Exception x) throw x;
                        throw e;
                    }
                }
                return out;
            } finally {
                pool.shutdownNow();
            }
        } finally {
            listeners.forEach(RingListener::close);
        }
    }
}

package dev.pcdarts.distributed;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Rings of threads in this JVM on 127.0.0.1 with ephemeral ports, the way a launcher forms one. */
final class Rings {

    private Rings() {
    }

    static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }

    /** One listener per rank, bound before anyone connects, as the Spark tasks will do. */
    static List<RingListener> listeners(int worldSize) throws RingException {
        List<RingListener> listeners = new ArrayList<>();
        for (int r = 0; r < worldSize; r++) {
            listeners.add(RingListener.bind(loopback()));
        }
        return listeners;
    }

    static List<InetSocketAddress> addresses(List<RingListener> listeners) {
        return listeners.stream().map(RingListener::address).toList();
    }

    static RingConfig config(int rank, List<InetSocketAddress> addresses, Duration timeout) {
        return new RingConfig(rank, addresses.size(), addresses, timeout);
    }

    /** Forms a whole ring, every rank on its own thread, since each waits for its neighbours. */
    static List<RingAllReduce> open(int worldSize, Duration timeout) throws Exception {
        List<RingListener> listeners = listeners(worldSize);
        List<InetSocketAddress> addresses = addresses(listeners);
        return onEachRank(worldSize, r -> () -> RingAllReduce.open(config(r, addresses, timeout), listeners.get(r)));
    }

    /** Runs one task per rank concurrently and returns their results in rank order. */
    static <T> List<T> onEachRank(int worldSize, IntFunction<Callable<T>> task) throws Exception {
        List<Outcome<T>> outcomes = outcomes(worldSize, task);
        List<T> results = new ArrayList<>();
        for (Outcome<T> outcome : outcomes) {
            if (outcome.failure() != null) {
                throw new AssertionError("a rank failed", outcome.failure());
            }
            results.add(outcome.value());
        }
        return results;
    }

    /** What one rank's task returned or threw, and when it finished. */
    record Outcome<T>(T value, Throwable failure, long finishedNanos) {
    }

    /** Like onEachRank, but keeps failures, for the tests where some ranks must fail. */
    static <T> List<Outcome<T>> outcomes(int worldSize, IntFunction<Callable<T>> task) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(worldSize);
        try {
            List<Future<Outcome<T>>> futures = new ArrayList<>();
            for (int r = 0; r < worldSize; r++) {
                Callable<T> callable = task.apply(r);
                futures.add(pool.submit(() -> {
                    try {
                        T value = callable.call();
                        return new Outcome<>(value, null, System.nanoTime());
                    } catch (Throwable e) {
                        return new Outcome<>(null, e, System.nanoTime());
                    }
                }));
            }
            List<Outcome<T>> outcomes = new ArrayList<>();
            for (Future<Outcome<T>> future : futures) {
                try {
                    outcomes.add(future.get(20, TimeUnit.SECONDS));
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    throw new AssertionError("a rank hung or crashed", e);
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    static void closeAll(List<RingAllReduce> rings) {
        rings.forEach(RingAllReduce::close);
    }
}

package dev.pcdarts.distributed;

import dev.pcdarts.api.ReplicasFailedException;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Runs N replicas as one Spark barrier stage (all N tasks start together or none does) and, when
 * the stage fails (a killed executor, a dead peer on the ring), launches it again up to
 * {@code maxRetries} times; each launch resumes from the run's last checkpoint because the task
 * does. Returns the replicas' outcomes in rank order.
 */
public final class SparkReplicas {
    /** How a run is launched: replica count, ring timeout, relaunches after a failure. */
    public record Options(int replicas, Duration ringTimeout, int maxRetries) {
        public Options {
            if (replicas < 1) throw new IllegalArgumentException("--replicas must be at least 1, got " + replicas);
            if (maxRetries < 0) throw new IllegalArgumentException("--max-retries must be >= 0, got " + maxRetries);
        }
    }

    private SparkReplicas() {}

    public static <R extends Serializable> List<R> run(JavaSparkContext sc, Options options, ReplicaTask<R> task,
                                                       Consumer<String> log) {
        TaskFailures failures = new TaskFailures();
        sc.sc().addSparkListener(failures);
        try {
            return launch(sc, options, task, log, failures);
        } finally {
            sc.sc().removeSparkListener(failures);
        }
    }

    private static <R extends Serializable> List<R> launch(JavaSparkContext sc, Options options, ReplicaTask<R> task,
                                                          Consumer<String> log, TaskFailures failures) {
        for (int attempt = 0; ; attempt++) {
            try {
                return runOnce(sc, options, task, attempt);
            } catch (Exception e) { // Spark throws its checked SparkException from Scala, undeclared
                String why = failures.cause().orElse(rootMessage(e));
                if (attempt >= options.maxRetries()) {
                    throw new ReplicasFailedException("the " + options.replicas() + " replicas failed " + (attempt + 1)
                            + " time(s), the retry limit (--max-retries " + options.maxRetries() + ") is spent; last failure: " + why, e);
                }
                log.accept("replicas failed on launch " + (attempt + 1) + " (" + why + "); relaunching from the last checkpoint");
            }
        }
    }

    private static <R extends Serializable> List<R> runOnce(JavaSparkContext sc, Options options, ReplicaTask<R> task, int attempt) {
        int n = options.replicas();
        List<Integer> ranks = new ArrayList<>(IntStream.range(0, n).boxed().toList());
        RDD<Integer> rdd = sc.parallelize(ranks, n).rdd();
        @SuppressWarnings("unchecked")
        ClassTag<R> tag = (ClassTag<R>) (ClassTag<?>) ClassTag$.MODULE$.apply(Serializable.class);
        RDD<R> out = rdd.barrier().mapPartitions(new BarrierReplica<>(task, options.ringTimeout(), attempt), false, tag);
        Object collected = out.collect();
        List<R> results = new ArrayList<>();
        for (Object o : (Object[]) collected) {
            @SuppressWarnings("unchecked")
            R r = (R) o;
            results.add(r);
        }
        return results;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        String message = e.getMessage();
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null) message = t.getMessage();
        }
        return message == null ? e.getClass().getName() : message.lines().findFirst().orElse(message);
    }
}

package dev.pcdarts.distributed;

import java.util.Optional;
import org.apache.spark.ExceptionFailure;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Why the replicas' tasks failed, as Spark's listener bus reports it: the job's own error says only
 * that a barrier task finished unsuccessfully. A replica's own error is preferred to the ring
 * errors of the peers it took down with it.
 */
final class TaskFailures extends SparkListener {
    private volatile String first;
    private volatile String ring;

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        if (!(end.reason() instanceof ExceptionFailure f)) return;
        String line = f.className().substring(f.className().lastIndexOf('.') + 1) + ": " + f.description();
        if (f.className().equals(RingException.class.getName())) {
            if (ring == null) ring = line;
        } else if (first == null) {
            first = line;
        }
    }

    /** The first failure seen, after giving the listener bus a moment to deliver it; then forgets it. */
    Optional<String> cause() {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (first == null && ring == null && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Optional<String> c = Optional.ofNullable(first != null ? first : ring);
        first = null;
        ring = null;
        return c;
    }
}

package dev.pcdarts.distributed;

import dev.pcdarts.api.ReplicaLauncher;
import java.io.Serializable;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The command line's {@code --spark MASTER}: a Spark context on MASTER (or the one spark-submit
 * configured, whose settings win), the replicas as one barrier stage, the context stopped after.
 * The executors get this JVM's module openings through spark.executor.extraJavaOptions unless
 * the user set them.
 */
public final class SparkReplicaLauncher implements ReplicaLauncher {
    /** Set by the launcher script: the JVM options every executor needs (the Vector API, Spark's openings). */
    public static final String EXECUTOR_OPTIONS = "pcdarts.spark.jvmArgs";

    @Override
    public <R extends Serializable> List<R> run(Launch launch, Replica<R> replica, Consumer<String> log) {
        SparkConf conf = new SparkConf().setIfMissing("spark.master", launch.master()).setIfMissing("spark.app.name", "pcdarts")
                .setIfMissing("spark.ui.showConsoleProgress", "false")
                // a barrier stage is relaunched by the driver, from the last checkpoint, not by Spark's own stage retries
                .setIfMissing("spark.stage.maxConsecutiveAttempts", "1")
                .setIfMissing("spark.scheduler.barrier.maxConcurrentTasksCheck.interval", "2s")
                .setIfMissing("spark.scheduler.barrier.maxConcurrentTasksCheck.maxFailures", "60");
        String opts = System.getProperty(EXECUTOR_OPTIONS);
        if (opts != null) conf.setIfMissing("spark.executor.extraJavaOptions", opts + " -Xss8m");
        JavaSparkContext sc = new JavaSparkContext(conf);
        try {
            ReplicaTask<R> task = replica::run;
            return SparkReplicas.run(sc, new SparkReplicas.Options(launch.replicas(), launch.ringTimeout(), launch.maxRetries()), task, log);
        } finally {
            sc.stop();
        }
    }
}

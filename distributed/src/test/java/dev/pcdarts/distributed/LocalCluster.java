package dev.pcdarts.distributed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkConf;

/**
 * A SparkConf for local-cluster[N,C,M]: its Worker starts executor JVMs from a SPARK_HOME, which
 * the test lays out (an empty jars/ and the build marker the launcher looks for) because no Spark
 * distribution is installed; in testing mode the executors take the driver's class path.
 */
final class LocalCluster {
    private LocalCluster() {}

    static SparkConf conf(Path sparkHome, String master) throws IOException {
        Files.createDirectories(sparkHome.resolve("jars"));
        Files.createDirectories(sparkHome.resolve("launcher/target/scala-2.13"));
        System.setProperty("spark.testing", "true");
        System.setProperty("spark.test.home", sparkHome.toString());
        String jvm = System.getProperty("pcdarts.spark.jvmArgs", "");
        return new SparkConf().setMaster(master).setAppName("pcdarts-test")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false")
                .set("spark.executor.extraJavaOptions", jvm + " -Xss8m")
                .set("spark.scheduler.barrier.maxConcurrentTasksCheck.interval", "1s")
                .set("spark.scheduler.barrier.maxConcurrentTasksCheck.maxFailures", "60")
                .set("spark.stage.maxConsecutiveAttempts", "1")
                .set("spark.network.timeout", "60s")
                .set("spark.network.timeoutInterval", "10s")
                .set("spark.executor.heartbeatInterval", "2s");
    }
}

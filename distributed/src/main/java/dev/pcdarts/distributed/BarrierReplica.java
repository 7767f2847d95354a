package dev.pcdarts.distributed;

import dev.pcdarts.nas.loop.ReplicaGroup;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.BarrierTaskInfo;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The body of one barrier task: it listens on its executor's host, publishes that address once
 * through {@link BarrierTaskContext#allGather}, forms the ring with the others and runs the task
 * as rank = partition id. Tensors travel on the ring only; Spark carries the addresses.
 */
final class BarrierReplica<R extends Serializable> extends scala.runtime.AbstractFunction1<Iterator<Integer>, Iterator<R>>
        implements Serializable {
    private static final long serialVersionUID = 1L;
    private final ReplicaTask<R> task;
    private final long timeoutMillis;
    private final int attempt;

    BarrierReplica(ReplicaTask<R> task, Duration timeout, int attempt) {
        this.task = task;
        this.timeoutMillis = timeout.toMillis();
        this.attempt = attempt;
    }

    @Override
    public Iterator<R> apply(Iterator<Integer> partition) {
        BarrierTaskContext ctx = BarrierTaskContext.get();
        int rank = ctx.partitionId();
        BarrierTaskInfo[] infos = ctx.getTaskInfos();
        try {
            RingListener listener = RingListener.bind(hostOf(infos[rank].address()));
            String mine = listener.address().getHostString() + ":" + listener.address().getPort();
            String[] all = ctx.allGather(mine);
            List<InetSocketAddress> addresses = new ArrayList<>();
            for (String a : all) {
                int colon = a.lastIndexOf(':');
                addresses.add(new InetSocketAddress(a.substring(0, colon), Integer.parseInt(a.substring(colon + 1))));
            }
            RingConfig cfg = new RingConfig(rank, all.length, addresses, Duration.ofMillis(timeoutMillis));
            R result;
            try (RingReplicaGroup group = new RingReplicaGroup(RingAllReduce.open(cfg, listener))) {
                ReplicaGroup g = group;
                result = task.run(g, attempt);
            }
            return CollectionConverters.asScala(List.of(result).iterator());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("replica " + rank + ": " + e.getMessage(), e);
        }
    }

    /** Spark gives an executor's address as "host" or "host:port"; the ring listens on that host. */
    static InetAddress hostOf(String address) throws java.net.UnknownHostException {
        String host = address;
        int colon = address.lastIndexOf(':');
        if (colon > 0 && address.indexOf(':') == colon) host = address.substring(0, colon);
        return InetAddress.getByName(host);
    }
}

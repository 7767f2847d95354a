package dev.pcdarts.distributed;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Selector;
import java.util.Objects;

/**
 * Averages (or sums) a float array across N ranks with the classic ring: N - 1 reduce-scatter steps,
 * then N - 1 all-gather steps, each rank sending one chunk to its right neighbour while it receives
 * one from its left, so every rank sends 2 (N - 1) / N of the array per call whatever N is.
 *
 * <p><b>Summation order.</b> The array is cut by {@link RingChunks}. Chunk c starts at rank c and
 * travels the ring in rank order, each rank adding its own values to the partial sum it received:
 * element i of chunk c becomes {@code (((x[c] + x[c+1]) + x[c+2]) + ... + x[c+N-1])} with rank
 * indices mod N, in float. Rank c - 1 (mod N) completes the chunk, divides it by N for the mean,
 * and the all-gather then copies those bytes unchanged to every other rank, so all ranks end with
 * the same bits, and a rerun with the same inputs gives the same bits again. For N = 1 the array
 * is left as it is (x / 1 is x).
 *
 * <p>Every call first exchanges a header (call number, length, operation) with the neighbours, so
 * ranks that disagree about a call fail with a message instead of mixing unrelated arrays. Any
 * failure closes the ring: a ring that lost bytes mid-call cannot be resynchronised, the launcher
 * starts a new one. Not thread-safe: one caller at a time.
 */
public final class RingAllReduce implements AutoCloseable {

    private static final int HEADER_BYTES = 16;
    private static final int OP_SUM = 1;
    private static final int OP_MEAN = 2;

    private final RingConfig config;
    private final RingWire wire; // null for a ring of one
    private final ByteBuffer headerOut = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer headerIn = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private ByteBuffer sendBuffer = ByteBuffer.allocateDirect(0);
    private ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(0);
    private float[] received = new float[0];
    private long calls;
    private AllReduceStats totals = AllReduceStats.NONE;
    private RingException failure;
    private boolean closed;

    private RingAllReduce(RingConfig config, RingWire wire) {
        this.config = config;
        this.wire = wire;
    }

    /** Listens on this rank's own address from the configuration, then forms the ring. */
    public static RingAllReduce open(RingConfig config) throws RingException {
        if (config.worldSize() == 1) {
            return new RingAllReduce(config, null);
        }
        return open(config, RingListener.bind(config.addresses().get(config.rank())));
    }

    /**
     * Forms the ring on a listener bound beforehand (its port must be the one the configuration
     * gives for this rank). The ring owns the listener and closes it once its links are up, or on
     * failure; it waits at most the configured timeout for both neighbours.
     */
    public static RingAllReduce open(RingConfig config, RingListener listener) throws RingException {
        Objects.requireNonNull(listener, "listener");
        try (listener) {
            int port = config.addresses().get(config.rank()).getPort();
            if (listener.address().getPort() != port) {
                throw new IllegalArgumentException("rank " + config.rank() + " listens on port "
                        + listener.address().getPort() + " but its configured address has port " + port);
            }
            if (config.worldSize() == 1) {
                return new RingAllReduce(config, null);
            }
            Selector selector = openSelector(config);
            try {
                return new RingAllReduce(config, RingHandshake.establish(config, listener.channel(), selector));
            } catch (RuntimeException e) {
                RingListener.closeQuietly(selector);
                throw e;
            }
        }
    }

    private static Selector openSelector(RingConfig config) throws RingException {
        try {
            return Selector.open();
        } catch (IOException e) {
            throw new RingException(-1, "rank " + config.rank() + " cannot open a selector: " + e.getMessage(), e);
        }
    }

    public RingConfig config() {
        return config;
    }

    /** Replaces data, on every rank, by the element-wise mean over all ranks (order in the class comment). */
    public AllReduceStats allReduceMean(float[] data) throws RingException {
        return run(data, OP_MEAN);
    }

    /** Replaces data, on every rank, by the element-wise sum over all ranks (order in the class comment). */
    public AllReduceStats allReduceSum(float[] data) throws RingException {
        return run(data, OP_SUM);
    }

    /** What all calls so far cost on this rank. */
    public AllReduceStats totals() {
        return totals;
    }

    private AllReduceStats run(float[] data, int op) throws RingException {
        Objects.requireNonNull(data, "data");
        if (closed) {
            throw new IllegalStateException("rank " + config.rank() + ": the ring is closed"
                    + (failure == null ? "" : " after: " + failure.getMessage()), failure);
        }
        long start = System.nanoTime();
        long sent0 = wire == null ? 0 : wire.bytesSent();
        long received0 = wire == null ? 0 : wire.bytesReceived();
        try {
            calls++;
            if (wire != null) {
                checkHeaders(data.length, op);
                reduce(data, op);
            }
        } catch (RingException e) {
            failure = e;
            close();
            throw e;
        }
        AllReduceStats stats = new AllReduceStats(data.length,
                wire == null ? 0 : wire.bytesSent() - sent0,
                wire == null ? 0 : wire.bytesReceived() - received0,
                System.nanoTime() - start);
        totals = totals.plus(stats);
        return stats;
    }

    /** Each rank compares with its left neighbour, so around the ring all ranks agree or one fails. */
    private void checkHeaders(int length, int op) throws RingException {
        headerOut.clear();
        headerOut.putLong(calls).putInt(length).putInt(op).flip();
        headerIn.clear();
        wire.exchange(headerOut, headerIn);
        headerIn.flip();
        long theirCall = headerIn.getLong();
        int theirLength = headerIn.getInt();
        int theirOp = headerIn.getInt();
        if (theirCall != calls || theirLength != length || theirOp != op) {
            throw new RingException(config.left(), config.describe(config.left()) + " entered all-reduce call "
                    + theirCall + " (" + name(theirOp) + " of " + theirLength + " floats) while rank "
                    + config.rank() + " entered call " + calls + " (" + name(op) + " of " + length + " floats)");
        }
    }

    private static String name(int op) {
        return switch (op) {
            case OP_SUM -> "sum";
            case OP_MEAN -> "mean";
            default -> "operation " + op;
        };
    }

    private void reduce(float[] data, int op) throws RingException {
        int n = config.worldSize();
        int rank = config.rank();
        RingChunks chunks = new RingChunks(data.length, n);
        ensureCapacity(chunks.chunkSize());
        // reduce-scatter: at step s rank r passes on chunk r - s and adds its own values to chunk r - s - 1
        for (int s = 0; s < n - 1; s++) {
            int sendChunk = Math.floorMod(rank - s, n);
            int receiveChunk = Math.floorMod(rank - s - 1, n);
            transfer(data, chunks, sendChunk, receiveChunk);
            int from = chunks.start(receiveChunk);
            int size = chunks.size(receiveChunk);
            receiveBuffer.asFloatBuffer().get(received, 0, size);
            for (int i = 0; i < size; i++) {
                data[from + i] = received[i] + data[from + i];
            }
        }
        // rank r now holds the complete sum of chunk r + 1, the one chunk it finished
        int finished = Math.floorMod(rank + 1, n);
        if (op == OP_MEAN) {
            float divisor = n;
            for (int i = chunks.start(finished); i < chunks.end(finished); i++) {
                data[i] = data[i] / divisor;
            }
        }
        // all-gather: at step s rank r passes on chunk r + 1 - s and stores chunk r - s as received
        for (int s = 0; s < n - 1; s++) {
            int sendChunk = Math.floorMod(rank + 1 - s, n);
            int receiveChunk = Math.floorMod(rank - s, n);
            transfer(data, chunks, sendChunk, receiveChunk);
            receiveBuffer.asFloatBuffer().get(data, chunks.start(receiveChunk), chunks.size(receiveChunk));
        }
    }

    /** Sends one chunk of data to the right and leaves the left neighbour's chunk in receiveBuffer. */
    private void transfer(float[] data, RingChunks chunks, int sendChunk, int receiveChunk) throws RingException {
        sendBuffer.clear();
        sendBuffer.asFloatBuffer().put(data, chunks.start(sendChunk), chunks.size(sendChunk));
        sendBuffer.limit(chunks.size(sendChunk) * Float.BYTES);
        receiveBuffer.clear();
        receiveBuffer.limit(chunks.size(receiveChunk) * Float.BYTES);
        wire.exchange(sendBuffer, receiveBuffer);
        receiveBuffer.flip();
    }

    private void ensureCapacity(int floats) {
        if (received.length < floats) {
            int bytes = Math.multiplyExact(floats, Float.BYTES);
            sendBuffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
            receiveBuffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
            received = new float[floats];
        }
    }

    /** Releases both sockets and the selector; safe to call twice, and after a failure. */
    @Override
    public void close() {
        closed = true;
        if (wire != null) {
            wire.close();
        }
    }
}

package dev.pcdarts.distributed;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * The two established links of one rank, non-blocking, behind one selector: {@link #exchange}
 * writes to the right neighbour and reads from the left one at the same time, because every rank
 * sends while its neighbour sends too and a blocking write of a chunk larger than the socket
 * buffers would deadlock the ring.
 *
 * <p>Each direction has its own timeout, counted from its last byte moved, so a long transfer that
 * keeps moving never times out but a peer that stops reading or writing is named within one
 * timeout.
 */
final class RingWire implements AutoCloseable {

    private final RingConfig config;
    private final Selector selector;
    private final SocketChannel right;
    private final SocketChannel left;
    private final SelectionKey rightKey;
    private final SelectionKey leftKey;
    private final long timeoutNanos;
    private long bytesSent;
    private long bytesReceived;

    RingWire(RingConfig config, Selector selector, SocketChannel right, SocketChannel left) throws IOException {
        this.config = config;
        this.selector = selector;
        this.right = right;
        this.left = left;
        this.rightKey = register(right);
        this.leftKey = register(left);
        this.timeoutNanos = config.timeout().toNanos();
    }

    /** The handshake registered the channels with this selector already; reuse their keys. */
    private SelectionKey register(SocketChannel channel) throws IOException {
        SelectionKey key = channel.keyFor(selector);
        if (key == null) {
            key = channel.register(selector, 0);
        }
        key.interestOps(0);
        key.attach(null);
        return key;
    }

    long bytesSent() {
        return bytesSent;
    }

    long bytesReceived() {
        return bytesReceived;
    }

    /** Sends out's remaining bytes to the right and fills in's remaining space from the left. */
    void exchange(ByteBuffer out, ByteBuffer in) throws RingException {
        long lastOut = System.nanoTime();
        long lastIn = lastOut;
        while (out.hasRemaining() || in.hasRemaining()) {
            if (Thread.currentThread().isInterrupted()) {
                throw new RingException(-1, "rank " + config.rank() + " was interrupted inside an all-reduce",
                        new InterruptedIOException());
            }
            boolean moved = false;
            if (out.hasRemaining()) {
                int n = write(out);
                if (n > 0) {
                    bytesSent += n;
                    lastOut = System.nanoTime();
                    moved = true;
                }
            }
            if (in.hasRemaining()) {
                int n = read(in);
                if (n > 0) {
                    bytesReceived += n;
                    lastIn = System.nanoTime();
                    moved = true;
                }
            }
            if (moved) {
                continue;
            }
            long now = System.nanoTime();
            if (in.hasRemaining() && now - lastIn >= timeoutNanos) {
                throw new RingException(config.left(), "no data from " + config.describe(config.left())
                        + " for " + config.timeout().toMillis() + " ms: it died, hangs or never entered the call");
            }
            if (out.hasRemaining() && now - lastOut >= timeoutNanos) {
                throw new RingException(config.right(), config.describe(config.right()) + " took no data for "
                        + config.timeout().toMillis() + " ms: it died, hangs or never entered the call");
            }
            long waitUntil = Long.MAX_VALUE;
            if (in.hasRemaining()) {
                waitUntil = lastIn + timeoutNanos;
            }
            if (out.hasRemaining()) {
                waitUntil = Math.min(waitUntil, lastOut + timeoutNanos);
            }
            await(out.hasRemaining(), in.hasRemaining(), waitUntil - now);
        }
    }

    private int write(ByteBuffer out) throws RingException {
        try {
            return right.write(out);
        } catch (IOException e) {
            throw new RingException(config.right(), "lost " + config.describe(config.right())
                    + " while sending to it: " + e.getMessage(), e);
        }
    }

    private int read(ByteBuffer in) throws RingException {
        int n;
        try {
            n = left.read(in);
        } catch (IOException e) {
            throw new RingException(config.left(), "lost " + config.describe(config.left())
                    + " while receiving from it: " + e.getMessage(), e);
        }
        if (n < 0) {
            throw new RingException(config.left(), config.describe(config.left())
                    + " closed its connection in the middle of a transfer");
        }
        return n;
    }

    private void await(boolean writing, boolean reading, long nanos) throws RingException {
        try {
            rightKey.interestOps(writing ? SelectionKey.OP_WRITE : 0);
            leftKey.interestOps(reading ? SelectionKey.OP_READ : 0);
            selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos) + 1));
            selector.selectedKeys().clear();
        } catch (IOException e) {
            throw new RingException(-1, "rank " + config.rank() + " cannot wait on its ring sockets: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        RingListener.closeQuietly(right);
        RingListener.closeQuietly(left);
        RingListener.closeQuietly(selector);
    }
}

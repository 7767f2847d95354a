package dev.pcdarts.distributed;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * Forms one rank's two links: connect to the right neighbour and accept the left one, both at once
 * on one selector, because a rank that waited for its own connect before accepting would leave a
 * neighbour that refuses it hanging in accept.
 *
 * <p>The connecting side sends {@code magic, protocol, rank, worldSize}; the accepting side checks
 * all four against its own configuration and answers with its own four and a status. Either side
 * that disagrees fails with a message naming the other, so a misconfigured ring stops at once
 * instead of exchanging misaligned gradients.
 */
final class RingHandshake {

    static final int MAGIC = 0x50434452; // "PCDR"
    static final int PROTOCOL = 1;
    private static final int HELLO_BYTES = 16;
    private static final int REPLY_BYTES = 20;
    private static final int OK = 0;
    private static final int REFUSED = 1;
    /** A neighbour that is not listening yet is retried at this pace until the timeout. */
    private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final RingConfig config;
    private final ServerSocketChannel server;
    private final Selector selector;
    private final long deadline;

    private SocketChannel right;
    private boolean rightConnected;
    private boolean rightDone;
    private long retryAt;
    private IOException lastConnectError;
    private final ByteBuffer helloOut = order(ByteBuffer.allocate(HELLO_BYTES));
    private final ByteBuffer replyIn = order(ByteBuffer.allocate(REPLY_BYTES));

    private SocketChannel left;
    private boolean leftDone;
    private String leftRefusal;
    private final ByteBuffer helloIn = order(ByteBuffer.allocate(HELLO_BYTES));
    private final ByteBuffer replyOut = order(ByteBuffer.allocate(REPLY_BYTES));

    private RingHandshake(RingConfig config, ServerSocketChannel server, Selector selector) {
        this.config = config;
        this.server = server;
        this.selector = selector;
        this.deadline = System.nanoTime() + config.timeout().toNanos();
        helloOut.putInt(MAGIC).putInt(PROTOCOL).putInt(config.rank()).putInt(config.worldSize()).flip();
    }

    /** Both links, established and checked, registered with selector; closes what it opened on failure. */
    static RingWire establish(RingConfig config, ServerSocketChannel server, Selector selector) throws RingException {
        RingHandshake handshake = new RingHandshake(config, server, selector);
        try {
            handshake.run();
            return new RingWire(config, selector, handshake.right, handshake.left);
        } catch (RingException e) {
            handshake.closeLinks();
            throw e;
        } catch (IOException e) {
            handshake.closeLinks();
            throw new RingException(-1, "rank " + config.rank() + " cannot form its ring links: " + e.getMessage(), e);
        }
    }

    private void run() throws IOException {
        server.register(selector, SelectionKey.OP_ACCEPT);
        while (!(rightDone && leftDone)) {
            if (Thread.currentThread().isInterrupted()) {
                throw new RingException(-1, "rank " + config.rank() + " was interrupted while forming the ring");
            }
            long now = System.nanoTime();
            if (now >= deadline) {
                throw timedOut();
            }
            if (right == null && now >= retryAt) {
                startConnect();
            }
            long wait = deadline - now;
            if (right == null) {
                wait = Math.min(wait, Math.max(0, retryAt - now));
            }
            selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait) + 1));
            for (SelectionKey key : selector.selectedKeys()) {
                if (!key.isValid()) {
                    continue;
                }
                if (key.channel() == server) {
                    accept();
                } else if (key.channel() == right) {
                    onRight(key);
                } else if (key.channel() == left) {
                    onLeft(key);
                }
            }
            selector.selectedKeys().clear();
        }
        server.keyFor(selector).cancel();
        selector.selectNow(); // flush the cancelled key so the wire owns a clean selector
    }

    private void startConnect() throws IOException {
        right = SocketChannel.open();
        right.configureBlocking(false);
        right.setOption(StandardSocketOptions.TCP_NODELAY, true);
        try {
            rightConnected = right.connect(config.addresses().get(config.right()));
        } catch (IOException e) {
            retryConnect(e);
            return;
        }
        right.register(selector, rightConnected ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT);
    }

    private void retryConnect(IOException cause) {
        lastConnectError = cause;
        RingListener.closeQuietly(right);
        right = null;
        retryAt = System.nanoTime() + RETRY_NANOS;
    }

    private void onRight(SelectionKey key) throws IOException {
        if (!rightConnected && key.isConnectable()) {
            try {
                rightConnected = right.finishConnect();
            } catch (IOException e) {
                key.cancel();
                retryConnect(e);
                return;
            }
            if (rightConnected) {
                key.interestOps(SelectionKey.OP_WRITE);
            }
            return;
        }
        if (helloOut.hasRemaining() && key.isWritable()) {
            right.write(helloOut);
            if (!helloOut.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ);
            }
            return;
        }
        if (key.isReadable()) {
            if (right.read(replyIn) < 0) {
                throw new RingException(config.right(), config.describe(config.right())
                        + " closed the connection during the handshake");
            }
            if (!replyIn.hasRemaining()) {
                checkReply(replyIn.flip());
                key.interestOps(0);
                rightDone = true;
            }
        }
    }

    private void accept() throws IOException {
        SocketChannel incoming = server.accept();
        if (incoming == null) {
            return;
        }
        if (left != null) {
            // only the left neighbour may connect; a second caller is turned away, the ring goes on
            RingListener.closeQuietly(incoming);
            return;
        }
        left = incoming;
        left.configureBlocking(false);
        left.setOption(StandardSocketOptions.TCP_NODELAY, true);
        left.register(selector, SelectionKey.OP_READ);
    }

    private void onLeft(SelectionKey key) throws IOException {
        if (helloIn.hasRemaining() && key.isReadable()) {
            if (left.read(helloIn) < 0) {
                throw new RingException(config.left(), "a connection from " + remote(left)
                        + " closed before its handshake; expected " + config.describe(config.left()));
            }
            if (!helloIn.hasRemaining()) {
                leftRefusal = checkHello(helloIn.flip());
                replyOut.putInt(MAGIC).putInt(PROTOCOL).putInt(config.rank()).putInt(config.worldSize())
                        .putInt(leftRefusal == null ? OK : REFUSED).flip();
                key.interestOps(SelectionKey.OP_WRITE);
            }
            return;
        }
        if (replyOut.hasRemaining() && key.isWritable()) {
            left.write(replyOut);
            if (!replyOut.hasRemaining()) {
                if (leftRefusal != null) {
                    throw new RingException(config.left(), leftRefusal);
                }
                key.interestOps(0);
                leftDone = true;
            }
        }
    }

    /** Null when the left neighbour's hello matches this rank's configuration, else why not. */
    private String checkHello(ByteBuffer hello) {
        int magic = hello.getInt();
        int protocol = hello.getInt();
        int rank = hello.getInt();
        int worldSize = hello.getInt();
        String from = "rank " + rank + " (connecting from " + remote(left) + ")";
        if (magic != MAGIC) {
            return "a connection from " + remote(left) + " is not a pcdarts ring peer; expected "
                    + config.describe(config.left());
        }
        if (protocol != PROTOCOL) {
            return from + " speaks ring protocol " + protocol + ", rank " + config.rank() + " speaks " + PROTOCOL;
        }
        if (worldSize != config.worldSize()) {
            return from + " offered world size " + worldSize + ", but rank " + config.rank()
                    + " belongs to a ring of world size " + config.worldSize();
        }
        if (rank != config.left()) {
            return from + " connected to rank " + config.rank() + ", whose left neighbour is rank " + config.left();
        }
        return null;
    }

    private void checkReply(ByteBuffer reply) throws RingException {
        int magic = reply.getInt();
        int protocol = reply.getInt();
        int rank = reply.getInt();
        int worldSize = reply.getInt();
        int status = reply.getInt();
        String peer = config.describe(config.right());
        if (magic != MAGIC) {
            throw new RingException(config.right(), peer + " answered, but not as a pcdarts ring peer");
        }
        String theirs = "it is rank " + rank + " of world size " + worldSize + " (protocol " + protocol + ")";
        String ours = "this is rank " + config.rank() + " of world size " + config.worldSize()
                + " (protocol " + PROTOCOL + ")";
        if (status != OK) {
            throw new RingException(config.right(), peer + " refused the handshake: " + theirs + ", " + ours);
        }
        if (protocol != PROTOCOL || worldSize != config.worldSize() || rank != config.right()) {
            throw new RingException(config.right(), peer + " does not fit this ring: " + theirs + ", " + ours);
        }
    }

    private RingException timedOut() {
        long ms = config.timeout().toMillis();
        if (!rightDone) {
            String why = right == null || !rightConnected
                    ? "could not connect" + (lastConnectError == null ? "" : " (" + lastConnectError.getMessage() + ")")
                    : "connected but got no handshake answer";
            return new RingException(config.right(), "rank " + config.rank() + " " + why + " to "
                    + config.describe(config.right()) + " within " + ms + " ms");
        }
        String why = left == null ? "never connected" : "connected but did not finish its handshake";
        return new RingException(config.left(), config.describe(config.left()) + " " + why + " to rank "
                + config.rank() + " within " + ms + " ms");
    }

    private static String remote(SocketChannel channel) {
        try {
            SocketAddress address = channel.getRemoteAddress();
            return address instanceof InetSocketAddress inet ? inet.getHostString() + ":" + inet.getPort()
                    : String.valueOf(address);
        } catch (IOException e) {
            return "an unknown address";
        }
    }

    private static ByteBuffer order(ByteBuffer buffer) {
        return buffer.order(ByteOrder.LITTLE_ENDIAN);
    }

    private void closeLinks() {
        RingListener.closeQuietly(right);
        RingListener.closeQuietly(left);
    }
}

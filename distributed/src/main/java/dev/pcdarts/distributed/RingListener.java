package dev.pcdarts.distributed;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;

/**
 * The socket a rank's left neighbour connects to, bound before the ring is formed: a launcher binds
 * an ephemeral port, publishes {@link #address()} to the other ranks (Spark's allGather), and only
 * then opens the ring, so no rank ever connects to a port that is not yet listening.
 */
public final class RingListener implements AutoCloseable {

    private final ServerSocketChannel channel;
    private final InetSocketAddress address;

    private RingListener(ServerSocketChannel channel, InetSocketAddress address) {
        this.channel = channel;
        this.address = address;
    }

    /** Listens on host at a port the system picks. */
    public static RingListener bind(InetAddress host) throws RingException {
        return bind(new InetSocketAddress(host, 0));
    }

    /** Listens on the given address (port 0: the system picks one). */
    public static RingListener bind(InetSocketAddress local) throws RingException {
        ServerSocketChannel channel = null;
        try {
            channel = ServerSocketChannel.open();
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(local, 4);
            channel.configureBlocking(false);
            return new RingListener(channel, (InetSocketAddress) channel.getLocalAddress());
        } catch (IOException e) {
            closeQuietly(channel);
            throw new RingException(-1, "cannot listen on " + local + ": " + e.getMessage(), e);
        }
    }

    /** Where the left neighbour should connect: the bound host and the actual port. */
    public InetSocketAddress address() {
        return address;
    }

    ServerSocketChannel channel() {
        return channel;
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing is best effort: the ring is already being torn down for another reason
        }
    }
}

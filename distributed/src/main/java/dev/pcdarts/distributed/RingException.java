package dev.pcdarts.distributed;

/**
 * The ring cannot go on: a peer died, went silent, refused the handshake or disagreed about a
 * call. The message names the peer by rank and address; {@link #peer()} is that rank, or -1 when
 * the fault is not one peer's (a bind failure, an interrupt). Unchecked like the project's other
 * failures, so the replica code inside Spark's task lambdas need not wrap it.
 */
public final class RingException extends RuntimeException {

    private final int peer;

    public RingException(int peer, String message) {
        super(message);
        this.peer = peer;
    }

    public RingException(int peer, String message, Throwable cause) {
        super(message, cause);
        this.peer = peer;
    }

    public int peer() {
        return peer;
    }
}

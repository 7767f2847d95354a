package dev.pcdarts.distributed;

/**
 * How an array of n floats is cut into one chunk per rank: chunks of ceil(n / N) floats, the last
 * ones shorter or empty (n = 5, N = 4 gives 2, 2, 1, 0), so every rank derives the same cut from
 * n and N alone and no sizes travel on the wire.
 */
public record RingChunks(int length, int worldSize) {

    public RingChunks {
        if (length < 0 || worldSize < 1) {
            throw new IllegalArgumentException("length " + length + ", world size " + worldSize);
        }
    }

    /** Floats in a full chunk. */
    public int chunkSize() {
        return (int) (((long) length + worldSize - 1) / worldSize);
    }

    /** First index of chunk c. */
    public int start(int chunk) {
        return (int) Math.min((long) chunk * chunkSize(), length);
    }

    /** One past the last index of chunk c. */
    public int end(int chunk) {
        return (int) Math.min((long) (chunk + 1) * chunkSize(), length);
    }

    public int size(int chunk) {
        return end(chunk) - start(chunk);
    }
}

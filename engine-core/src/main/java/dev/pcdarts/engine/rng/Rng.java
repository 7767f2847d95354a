package dev.pcdarts.engine.rng;

import java.nio.charset.StandardCharsets;

/** The run's seed and the named streams derived from it. */
public final class Rng {
    private final long seed;

    public Rng(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    /** A fresh stream for {@code name}: the same name and seed always give the same numbers. */
    public RandomStream stream(String name) {
        return new RandomStream(mix(seed, name));
    }

    /** A stream keyed by name and extra integers, e.g. ("augment", epoch, sampleIndex). */
    public RandomStream stream(String name, long... keys) {
        long s = mix(seed, name);
        for (long k : keys) s = new RandomStream(s ^ (k * 0xD1B54A32D192ED03L)).nextLong();
        return new RandomStream(s);
    }

    private static long mix(long seed, String name) {
        long h = 0xCBF29CE484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h ^= b;
            h *= 0x100000001B3L;
        }
        return new RandomStream(seed ^ h).nextLong();
    }
}

package dev.pcdarts.tornado;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;

/**
 * The device memory of a backend: one TornadoVM array that lives on the device for the whole
 * run, cut into regions for tensors. Kernels address tensors by offset into it, so every
 * execution plan works on the same device buffer and no tensor is copied between launches.
 *
 * <p>A region returns to the free lists once its {@link DeviceStorage} is unreachable (a phantom
 * reference, drained on the allocating thread, so the lists need no other lock). Free regions are
 * kept by exact size because a repeated step asks for the same sizes each time; a request no list
 * and no fresh space can serve splits a larger free region, and a full memory first asks the
 * garbage collector for the regions of dead tensors.
 */
final class DeviceMemory {
    /** {@code -Dpcdarts.tornado.memoryMB=N}: the device memory for tensors, in MiB. */
    static final String PROPERTY = "pcdarts.tornado.memoryMB";
    private static final int DEFAULT_MB = 1024;
    /** Regions start on 64-byte boundaries, so a work-group's loads stay aligned. */
    private static final int ALIGN = 16;

    final FloatArray array;
    private final int capacity;
    private int top;
    private final TreeMap<Integer, ArrayDeque<Integer>> free = new TreeMap<>();
    private final ReferenceQueue<DeviceStorage> dead = new ReferenceQueue<>();
    private final Set<Region> live = Collections.newSetFromMap(new IdentityHashMap<>());
    private long liveFloats;
    private long peakFloats;
    private long collections;

    private static final class Region extends PhantomReference<DeviceStorage> {
        final int offset;
        final int size;

        Region(DeviceStorage s, ReferenceQueue<DeviceStorage> q, int size) {
            super(s, q);
            this.offset = s.offset;
            this.size = size;
        }
    }

    DeviceMemory() {
        this(Long.getLong(PROPERTY, DEFAULT_MB));
    }

    DeviceMemory(long megabytes) {
        long floats = megabytes * 1024 * 1024 / 4;
        if (megabytes <= 0 || floats > Integer.MAX_VALUE - ALIGN) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + megabytes + ": expected 1 to " + (Integer.MAX_VALUE / 262144L) + " MiB");
        }
        this.capacity = (int) floats;
        this.array = new FloatArray(capacity);
    }

    int capacity() {
        return capacity;
    }

    /** A region of n floats (values unspecified). */
    synchronized DeviceStorage allocate(int n) {
        int size = Math.max(ALIGN, (n + ALIGN - 1) / ALIGN * ALIGN);
        reclaim();
        int off = take(size);
        if (off < 0) {
            collections++;
            System.gc(); // the regions of unreachable tensors come back through the reference queue
            awaitReclaim();
            off = take(size);
        }
        if (off < 0) {
            throw new IllegalStateException("the TornadoVM backend's device memory (" + capacity / 262144 + " MiB) is full: "
                    + n + " floats requested, " + liveFloats / 262144 + " MiB live; run with -D" + PROPERTY + "=<more MiB>");
        }
        DeviceStorage s = new DeviceStorage(this, off, n);
        live.add(new Region(s, dead, size));
        liveFloats += size;
        peakFloats = Math.max(peakFloats, liveFloats);
        return s;
    }

    private int take(int size) {
        ArrayDeque<Integer> q = free.get(size);
        if (q != null && !q.isEmpty()) return q.pop();
        if (top <= capacity - size) {
            int off = top;
            top += size;
            return off;
        }
        Map.Entry<Integer, ArrayDeque<Integer>> e = free.higherEntry(size);
        while (e != null && e.getValue().isEmpty()) e = free.higherEntry(e.getKey());
        if (e == null) return -1;
        int off = e.getValue().pop();
        release(off + size, e.getKey() - size);
        return off;
    }

    private void release(int offset, int size) {
        free.computeIfAbsent(size, k -> new ArrayDeque<>()).push(offset);
    }

    private void reclaim() {
        for (Reference<? extends DeviceStorage> r; (r = dead.poll()) != null; ) free((Region) r);
    }

    private void awaitReclaim() {
        try {
            for (Reference<? extends DeviceStorage> r; (r = dead.remove(50)) != null; ) free((Region) r);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void free(Region r) {
        if (live.remove(r)) {
            liveFloats -= r.size;
            release(r.offset, r.size);
        }
    }

    /** Figures for reports: capacity, in use now, the most ever in use, collections asked for. */
    synchronized Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("device_mb", capacity / 262144.0);
        m.put("device_live_mb", liveFloats / 262144.0);
        m.put("device_peak_mb", peakFloats / 262144.0);
        m.put("device_reserved_mb", top / 262144.0);
        m.put("device_gc_requests", collections);
        return m;
    }
}

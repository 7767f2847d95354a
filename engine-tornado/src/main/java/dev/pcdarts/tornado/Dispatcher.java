package dev.pcdarts.tornado;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.WorkerGrid1D;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * Runs kernels through cached TornadoVM execution plans. TornadoVM compiles a kernel once per
 * execution plan, so plans are keyed by kernel and by the power-of-two capacity of each of their
 * buffers, not by the tensors of one call: a call copies its tensors into the plan's buffers,
 * sets the number of work-items and executes; the plan moves only the slots the kernel reads to
 * the device and only those it writes back.
 */
final class Dispatcher {
    private static final int MIN_CAPACITY = 1 << 10;
    private static final int SLOTS = 4;

    private record Key(Kernel kernel, int a, int b, int c, int d, int ints, int floats) {}

    private static final class Plan {
        final FloatArray[] slots = new FloatArray[SLOTS];
        IntArray ints;
        FloatArray floats;
        WorkerGrid1D grid;
        TornadoExecutionPlan plan;
    }

    private final TornadoDevice device;
    private final Map<Key, Plan> plans = new HashMap<>();

    Dispatcher(TornadoDevice device) {
        this.device = device;
    }

    int plans() {
        return plans.size();
    }

    /** A kernel launch with {@code work} work-items; the integer parameters start with {@code work}. */
    Call call(Kernel kernel, int work) {
        return new Call(kernel, work);
    }

    final class Call {
        private final Kernel kernel;
        private final int work;
        @SuppressWarnings("unchecked")
        private final List<float[]>[] parts = new List[SLOTS];
        private int[] ints = new int[8];
        private int nInts;
        private float[] floats = new float[0];

        private Call(Kernel kernel, int work) {
            this.kernel = kernel;
            this.work = work;
            for (int s = 0; s < SLOTS; s++) parts[s] = new ArrayList<>(1);
            ints(work);
        }

        /** Slot {@code s} holds these arrays back to back (read, written or both, as the kernel declares). */
        Call slot(int s, float[]... arrays) {
            for (float[] a : arrays) parts[s].add(a);
            return this;
        }

        Call ints(int... v) {
            if (nInts + v.length > ints.length) ints = Arrays.copyOf(ints, Math.max(2 * ints.length, nInts + v.length));
            System.arraycopy(v, 0, ints, nInts, v.length);
            nInts += v.length;
            return this;
        }

        Call floats(float... v) {
            floats = v.clone();
            return this;
        }

        void run() {
            if (work <= 0) return;
            synchronized (Dispatcher.this) {
                int[] len = new int[SLOTS];
                for (int s = 0; s < SLOTS; s++) for (float[] a : parts[s]) len[s] += a.length;
                Key key = new Key(kernel, capacity(len[0]), capacity(len[1]), capacity(len[2]), capacity(len[3]),
                        capacity(nInts), capacity(floats.length));
                Plan p = plans.computeIfAbsent(key, this::build);
                for (int s = 0; s < SLOTS; s++) {
                    if ((kernel.in & (1 << s)) == 0) continue;
                    long off = 0;
                    MemorySegment seg = p.slots[s].getSegment();
                    for (float[] a : parts[s]) {
                        MemorySegment.copy(a, 0, seg, ValueLayout.JAVA_FLOAT, off, a.length);
                        off += 4L * a.length;
                    }
                }
                MemorySegment.copy(ints, 0, p.ints.getSegment(), ValueLayout.JAVA_INT, 0, nInts);
                if (floats.length > 0) MemorySegment.copy(floats, 0, p.floats.getSegment(), ValueLayout.JAVA_FLOAT, 0, floats.length);
                p.grid.setGlobalWork(work, 1, 1);
                p.grid.setLocalWorkToNull();
                p.plan.execute();
                for (int s = 0; s < SLOTS; s++) {
                    if ((kernel.out & (1 << s)) == 0) continue;
                    long off = 0;
                    MemorySegment seg = p.slots[s].getSegment();
                    for (float[] a : parts[s]) {
                        MemorySegment.copy(seg, ValueLayout.JAVA_FLOAT, off, a, 0, a.length);
                        off += 4L * a.length;
                    }
                }
            }
        }

        private Plan build(Key key) {
            Plan p = new Plan();
            int[] caps = {key.a(), key.b(), key.c(), key.d()};
            for (int s = 0; s < SLOTS; s++) p.slots[s] = new FloatArray(caps[s]);
            p.ints = new IntArray(key.ints());
            p.floats = new FloatArray(key.floats());
            String graph = "g" + plans.size() + "_" + kernel.name().toLowerCase(java.util.Locale.ROOT);
            List<Object> toDevice = new ArrayList<>();
            List<Object> once = new ArrayList<>();
            List<Object> toHost = new ArrayList<>();
            for (int s = 0; s < SLOTS; s++) {
                ((kernel.in & (1 << s)) != 0 ? toDevice : once).add(p.slots[s]);
                if ((kernel.out & (1 << s)) != 0) toHost.add(p.slots[s]);
            }
            toDevice.add(p.ints);
            toDevice.add(p.floats);
            TaskGraph tg = new TaskGraph(graph).transferToDevice(DataTransferMode.EVERY_EXECUTION, toDevice.toArray());
            // slots the kernel only writes (or ignores) need a device buffer, never a copy per launch
            if (!once.isEmpty()) tg = tg.transferToDevice(DataTransferMode.FIRST_EXECUTION, once.toArray());
            tg = tg.task("k", kernel.body, new KernelContext(), p.slots[0], p.slots[1], p.slots[2], p.slots[3], p.ints, p.floats)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, toHost.toArray());
            p.grid = new WorkerGrid1D(MIN_CAPACITY);
            GridScheduler scheduler = new GridScheduler(graph + ".k", p.grid);
            p.plan = new TornadoExecutionPlan(tg.snapshot()).withGridScheduler(scheduler).withDevice(device);
            return p;
        }
    }

    private static int capacity(int n) {
        int c = MIN_CAPACITY;
        while (c < n) c <<= 1;
        return c;
    }
}

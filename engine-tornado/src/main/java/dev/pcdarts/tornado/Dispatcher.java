package dev.pcdarts.tornado;

import dev.pcdarts.engine.tensor.Storage;
import dev.pcdarts.engine.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.ImmutableTaskGraph;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.WorkerGrid1D;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * Runs kernels on the device memory of one {@link DeviceMemory}. Every kernel, and every staging
 * size for uploads and downloads, is a task graph of one TornadoVM execution plan made at start:
 * each graph consumes the device memory from the graph that ran before it and persists it for the
 * next, so the memory stays on the device and a launch sends only its parameters. TornadoVM
 * compiles a graph on its first execution, once for the whole run.
 */
final class Dispatcher {
    /** Operand offsets at the head of every launch's integer parameters. */
    static final int OFFSETS = 8;
    /** Staging buffers of 4^k KiB, from 4 KiB to 16 MiB; larger transfers go in pieces. */
    private static final int STAGE_MIN = 1 << 10;
    private static final int STAGES = 7;

    /** One task graph: its index in the plan, its parameters, its work-item grid. */
    private static final class Graph {
        final int index;
        final IntArray ints;
        final FloatArray floats;
        final FloatArray stage;
        final WorkerGrid1D grid = new WorkerGrid1D(STAGE_MIN);
        boolean compiled;

        Graph(int index, int ints, int floats, FloatArray stage) {
            this.index = index;
            this.ints = new IntArray(ints);
            this.floats = floats > 0 ? new FloatArray(floats) : null;
            this.stage = stage;
        }
    }

    private final DeviceMemory memory;
    private final TornadoDevice device;
    private final TornadoExecutionPlan plan;
    private final Graph[] kernels = new Graph[Kernel.values().length];
    private final Graph[] uploads = new Graph[STAGES];
    private final Graph[] downloads = new Graph[STAGES];
    final TransferCounters counters = new TransferCounters();

    Dispatcher(TornadoDevice device, DeviceMemory memory) {
        this.memory = memory;
        this.device = device;
        FloatArray mem = memory.array;
        List<ImmutableTaskGraph> graphs = new ArrayList<>();
        GridScheduler scheduler = new GridScheduler();
        // graph 0 puts the device memory on the device; the first kernel of the run consumes it from there
        Graph init = new Graph(0, Kernel.FILL.ints, Kernel.FILL.floats, null);
        graphs.add(new TaskGraph("mem").transferToDevice(DataTransferMode.FIRST_EXECUTION, mem, init.ints, init.floats)
                .task("t", Kernel.FILL.body, new KernelContext(), mem, init.ints, init.floats)
                .persistOnDevice(mem).snapshot());
        scheduler.addWorkerGrid("mem.t", init.grid);
        for (Kernel k : Kernel.values()) {
            Graph g = kernels[k.ordinal()] = new Graph(graphs.size(), k.ints, k.floats, null);
            String name = k.name().toLowerCase(Locale.ROOT);
            graphs.add(new TaskGraph(name).consumeFromDevice(mem).transferToDevice(DataTransferMode.EVERY_EXECUTION, g.ints, g.floats)
                    .task("t", k.body, new KernelContext(), mem, g.ints, g.floats).persistOnDevice(mem).snapshot());
            scheduler.addWorkerGrid(name + ".t", g.grid);
        }
        for (int s = 0; s < STAGES; s++) {
            FloatArray up = new FloatArray(stageSize(s)), down = new FloatArray(stageSize(s));
            Graph u = uploads[s] = new Graph(graphs.size(), 2, 0, up);
            graphs.add(new TaskGraph("up" + s).consumeFromDevice(mem).transferToDevice(DataTransferMode.EVERY_EXECUTION, up, u.ints)
                    .task("t", StagingKernels::copyIn, new KernelContext(), mem, up, u.ints).persistOnDevice(mem).snapshot());
            scheduler.addWorkerGrid("up" + s + ".t", u.grid);
            Graph d = downloads[s] = new Graph(graphs.size(), 2, 0, down);
            graphs.add(new TaskGraph("down" + s).consumeFromDevice(mem).transferToDevice(DataTransferMode.EVERY_EXECUTION, d.ints)
                    .transferToDevice(DataTransferMode.FIRST_EXECUTION, down)
                    .task("t", StagingKernels::copyOut, new KernelContext(), mem, down, d.ints).persistOnDevice(mem)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, down).snapshot());
            scheduler.addWorkerGrid("down" + s + ".t", d.grid);
        }
        this.plan = new TornadoExecutionPlan(graphs.toArray(new ImmutableTaskGraph[0])).withGridScheduler(scheduler).withDevice(device);
        init.grid.setGlobalWork(1, 1, 1);
        init.grid.setLocalWorkToNull();
        execute(init);
    }

    private static int stageSize(int s) {
        return STAGE_MIN << (2 * s);
    }

    private void execute(Graph g) {
        if (!g.compiled) {
            g.compiled = true;
            counters.plansCompiled++;
        }
        plan.withGraph(g.index).execute();
    }

    TornadoDevice device() {
        return device;
    }

    java.util.Map<String, Object> memoryStats() {
        return memory.stats();
    }

    /** A new region of n floats for a tensor of this backend. */
    DeviceStorage allocate(int n) {
        return memory.allocate(n);
    }

    /** The device storage behind t: a tensor of another backend is an error that names it. */
    DeviceStorage storage(Tensor t) {
        Storage s = t.storage();
        if (s instanceof DeviceStorage d && d.memory == memory) return d;
        throw new IllegalArgumentException("tensor " + t + " of backend " + t.backend().name() + " was passed to the tornado backend's kernels");
    }

    /** Copies host values into the region (whole staging buffers cross; the counters say how many bytes). */
    synchronized void upload(float[] values, int from, DeviceStorage dst, int dstOffset, int n) {
        for (int done = 0; done < n; ) {
            int s = stageFor(n - done);
            Graph g = uploads[s];
            int part = Math.min(n - done, stageSize(s));
            MemorySegment.copy(values, from + done, g.stage.getSegment(), ValueLayout.JAVA_FLOAT, 0, part);
            g.ints.set(0, dst.offset + dstOffset + done);
            g.ints.set(1, part);
            launch(g, part);
            counters.hostToDevice++;
            counters.hostToDeviceBytes += 4L * stageSize(s);
            counters.parameterUploads++;
            counters.parameterBytes += 8;
            done += part;
        }
    }

    /** Copies n values of the region, from {@code offset} on, to the host. */
    synchronized float[] download(DeviceStorage src, int offset, int n) {
        float[] out = new float[n];
        for (int done = 0; done < n; ) {
            int s = stageFor(n - done);
            Graph g = downloads[s];
            int part = Math.min(n - done, stageSize(s));
            g.ints.set(0, src.offset + offset + done);
            g.ints.set(1, part);
            launch(g, part);
            MemorySegment.copy(g.stage.getSegment(), ValueLayout.JAVA_FLOAT, 0, out, done, part);
            counters.deviceToHost++;
            counters.deviceToHostBytes += 4L * stageSize(s);
            counters.parameterUploads++;
            counters.parameterBytes += 8;
            done += part;
        }
        return out;
    }

    private static int stageFor(int n) {
        for (int s = 0; s < STAGES; s++) if (n <= stageSize(s)) return s;
        return STAGES - 1;
    }

    private void launch(Graph g, int work) {
        g.grid.setGlobalWork(roundUp(work), 1, 1);
        g.grid.setLocalWorkToNull();
        counters.launches++;
        execute(g);
    }

    private static int roundUp(int work) {
        return (work + 63) / 64 * 64;
    }

    /** A kernel launch with {@code work} work-items. */
    Call call(Kernel kernel, int work) {
        return new Call(kernel, work);
    }

    final class Call {
        private final Kernel kernel;
        private final int work;
        private final int[] offsets = new int[OFFSETS];
        private final DeviceStorage[] operands = new DeviceStorage[OFFSETS];
        private int[] ints = new int[8];
        private int nInts;
        private float[] floats = new float[0];

        private Call(Kernel kernel, int work) {
            this.kernel = kernel;
            this.work = work;
        }

        /** Operand {@code slot} (a = 0 … h = 7) is tensor t. */
        Call at(int slot, Tensor t) {
            return at(slot, storage(t));
        }

        Call at(int slot, DeviceStorage s) {
            operands[slot] = s;
            offsets[slot] = s.offset;
            return this;
        }

        Call ints(int... v) {
            if (nInts + v.length > ints.length) ints = java.util.Arrays.copyOf(ints, Math.max(2 * ints.length, nInts + v.length));
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
            if (OFFSETS + 1 + nInts > kernel.ints || floats.length > kernel.floats) {
                throw new IllegalArgumentException(kernel + ": " + nInts + " integer and " + floats.length
                        + " float parameters exceed the kernel's room (" + kernel.ints + ", " + kernel.floats + ")");
            }
            synchronized (Dispatcher.this) {
                Graph g = kernels[kernel.ordinal()];
                MemorySegment is = g.ints.getSegment();
                MemorySegment.copy(offsets, 0, is, ValueLayout.JAVA_INT, 0, OFFSETS);
                is.set(ValueLayout.JAVA_INT, 4L * OFFSETS, work);
                MemorySegment.copy(ints, 0, is, ValueLayout.JAVA_INT, 4L * (OFFSETS + 1), nInts);
                if (floats.length > 0) MemorySegment.copy(floats, 0, g.floats.getSegment(), ValueLayout.JAVA_FLOAT, 0, floats.length);
                counters.parameterUploads += 2;
                counters.parameterBytes += 4L * (kernel.ints + kernel.floats);
                launch(g, work);
            }
            Reference.reachabilityFence(operands); // no region is reused while its kernel runs
        }
    }
}

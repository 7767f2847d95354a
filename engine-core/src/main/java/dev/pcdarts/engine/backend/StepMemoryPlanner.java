package dev.pcdarts.engine.backend;

import dev.pcdarts.engine.tensor.HeapStorage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Heap memory for a step that repeats with the same shapes (a search or training iteration),
 * planned by liveness instead of left to the garbage collector.
 *
 * <p>The caller marks where each step begins ({@link #markStep}). The first step runs on plain
 * allocation (it creates optimiser state and gradients that live on). The next two are traced:
 * every allocation's size, when it was made and when its array was last used, on a clock that
 * ticks at each allocation and each use ({@link HeapStorage.Lease}), and a signature of what
 * happened since the previous allocation: a hash of which of the step's tensors were used and
 * how often. When the two traced steps agree allocation by allocation, the first trace becomes the
 * plan: allocation {@code i} of every later step gets slot {@code i}'s array, and an array is
 * shared by allocations whose lifetimes do not overlap (greedy, in allocation order, same size
 * only, most recently freed first so that it is still in cache). An allocation whose array was still used
 * after the next step had begun escapes the plan and always gets a new array.
 *
 * <p>Safety: each slot knows the storage that owns it now, and every use of a planned storage
 * checks that it still owns its slot, so a tensor used after its memory was reassigned is an
 * error, never silently wrong numbers. A replayed step checks each allocation's size and
 * signature against the plan before it hands out memory; at the first difference (a short last
 * batch, an architecture pass that the traced steps did not have) it stops replaying and
 * allocates plainly for the rest of the step, so memory is only reused along the exact history
 * it was planned for. A second such step in a row drops the plan and traces again.
 */
public final class StepMemoryPlanner {
    /** {@code -Dpcdarts.memoryPlan=false} turns planning off (every allocation is plain). */
    public static final String PROPERTY = "pcdarts.memoryPlan";

    private enum Phase { IDLE, WARMUP, TRACE_FIRST, TRACE_SECOND, REPLAY }

    private final boolean enabled;
    private Phase phase = Phase.IDLE;
    private long step;
    private long clock;
    /** What was used since the previous allocation of this step. */
    private long signature;
    private Trace first;
    private Trace second;
    private Plan plan;
    private int cursor;
    private boolean diverged;
    private boolean divergedBefore;
    /** Storages no trace or plan follows: they only tick the clock and count as "not this step's". */
    private final HeapStorage.Lease plain = storage -> used(0);
    private long replayedSteps;
    private long divergences;
    private long plans;

    public StepMemoryPlanner() {
        this(!"false".equalsIgnoreCase(System.getProperty(PROPERTY, "true")));
    }

    public StepMemoryPlanner(boolean enabled) {
        this.enabled = enabled;
    }

    /** A new step begins: everything allocated from here to the next mark belongs to it. */
    public synchronized void markStep() {
        if (!enabled) return;
        step++;
        signature = 0;
        switch (phase) {
            case IDLE -> phase = Phase.WARMUP;
            case WARMUP -> startTrace();
            case TRACE_FIRST -> {
                first.end = clock;
                second = new Trace();
                phase = Phase.TRACE_SECOND;
            }
            case TRACE_SECOND -> {
                second.end = clock;
                if (first.sameAs(second)) {
                    plan = planOf(first);
                    plans++;
                    first.closed = second.closed = true;
                    first = second = null;
                    phase = Phase.REPLAY;
                    startReplay(false);
                } else { // not steady yet: the second trace becomes the first, and a new one starts
                    first.closed = true;
                    first = second;
                    second = new Trace();
                }
            }
            case REPLAY -> {
                if (diverged && divergedBefore) { // two steps in a row off the plan: learn the new shape of a step
                    plan = null;
                    startTrace();
                } else {
                    startReplay(diverged);
                }
            }
        }
    }

    private void startTrace() {
        first = new Trace();
        phase = Phase.TRACE_FIRST;
    }

    private void startReplay(boolean lastDiverged) {
        replayedSteps++;
        divergedBefore = lastDiverged;
        diverged = false;
        cursor = 0;
    }

    /**
     * A storage was used: {@code id} is its allocation index + 1 within the current step, or 0.
     * The signature is a sum, so it tells which storages were used between two allocations and
     * how often but not in which order: that is all liveness depends on, and kernels such as a
     * random channel permutation visit their inputs in an order that changes from step to step.
     */
    private void used(long id) {
        clock++;
        long z = (id + 1) * 0x9E3779B97F4A7C15L; // splitmix64's finaliser: ids far apart in the sum
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        signature += z ^ (z >>> 31);
    }

    /**
     * {@code -Dpcdarts.poisonEmpty=true} fills every storage allocated without zeroing with NaN,
     * so that an operator that reads an output before its kernel wrote it shows up in the tests
     * (the build's tests run with it on).
     */
    private static final boolean POISON = Boolean.getBoolean("pcdarts.poisonEmpty");

    /** Storage of {@code n} floats: zero-filled when {@code zero}, else holding anything. */
    public synchronized HeapStorage allocate(int n, boolean zero) {
        if (!enabled) return new HeapStorage(fresh(n, zero)); // no lease: nothing to learn, nothing to check on each use
        long sig = signature;
        signature = 0;
        clock++;
        return switch (phase) {
            case REPLAY -> replay(n, sig, zero);
            case TRACE_FIRST -> first.add(n, sig, zero);
            case TRACE_SECOND -> second.add(n, sig, zero);
            default -> new HeapStorage(fresh(n, zero), plain);
        };
    }

    private static float[] fresh(int n, boolean zero) {
        float[] a = new float[n];
        if (POISON && !zero) Arrays.fill(a, Float.NaN);
        return a;
    }

    private HeapStorage replay(int n, long sig, boolean zero) {
        int i = cursor++;
        if (diverged || i >= plan.sizes.length) return new HeapStorage(fresh(n, zero), plain); // after the step proper
        if (plan.sizes[i] != n || plan.signatures[i] != sig) {
            diverged = true;
            divergences++;
            return new HeapStorage(fresh(n, zero), plain);
        }
        int s = plan.slots[i];
        if (s < 0) return new HeapStorage(fresh(n, zero), new Tracked(step, i, null, null)); // escaped: a new array
        Slot slot = plan.slot(s, n);
        Tracked lease = new Tracked(step, i, slot, null);
        HeapStorage h = new HeapStorage(slot.array, lease);
        if (zero && slot.owner != null) Arrays.fill(slot.array, 0f);
        else if (POISON && !zero) Arrays.fill(slot.array, Float.NaN);
        slot.owner = h;
        return h;
    }

    /**
     * The lease of a storage allocated in a traced or replayed step: it signs its uses with its
     * index while its step runs, records its last use while traced, and checks that it still
     * owns its slot when planned.
     */
    private final class Tracked implements HeapStorage.Lease {
        final long step;
        final int index;
        final Slot slot;
        final Trace trace;

        Tracked(long step, int index, Slot slot, Trace trace) {
            this.step = step;
            this.index = index;
            this.slot = slot;
            this.trace = trace;
        }

        @Override
        public void use(HeapStorage storage) {
            used(step == StepMemoryPlanner.this.step ? index + 1 : 0);
            if (trace != null && !trace.closed) trace.lastUse[index] = clock;
            if (slot != null && slot.owner != storage) {
                throw new IllegalStateException("a tensor from an earlier step was used after the step memory plan had given its memory "
                        + "to another tensor; run with -D" + PROPERTY + "=false and report this");
            }
        }
    }

    /** Figures for reports: planned megabytes, slots, replayed steps, divergences. */
    public synchronized Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", enabled);
        m.put("steps", step);
        m.put("plans", plans);
        m.put("replayed_steps", replayedSteps);
        m.put("divergences", divergences);
        if (plan != null) {
            m.put("planned_allocations", plan.sizes.length);
            m.put("slots", plan.slotSizes.length);
            m.put("escaped", plan.escaped);
            m.put("planned_mb", plan.bytes() / 1048576.0);
            m.put("traced_mb", plan.tracedBytes() / 1048576.0);
            m.put("peak_live_mb", plan.peak.bytes() / 1048576.0);
            if (!plan.peak.megabytesBySite().isEmpty()) m.put("peak_live_mb_by_op", plan.peak.megabytesBySite());
        }
        return m;
    }

    /** One traced step: per allocation its size, signature, clock and the clock of its last use. */
    private final class Trace {
        int[] sizes = new int[1024];
        long[] signatures = new long[1024];
        long[] born = new long[1024];
        long[] lastUse = new long[1024];
        int count;
        final List<String> sites = new ArrayList<>();
        long end = Long.MAX_VALUE;
        boolean closed;

        HeapStorage add(int n, long sig, boolean zero) {
            if (count == sizes.length) {
                sizes = Arrays.copyOf(sizes, count * 2);
                signatures = Arrays.copyOf(signatures, count * 2);
                born = Arrays.copyOf(born, count * 2);
                lastUse = Arrays.copyOf(lastUse, count * 2);
            }
            int i = count++;
            sizes[i] = n;
            signatures[i] = sig;
            born[i] = clock;
            lastUse[i] = clock;
            if (SITES) sites.add(site());
            return new HeapStorage(fresh(n, zero), new Tracked(step, i, null, this));
        }

        boolean sameAs(Trace o) {
            return count == o.count && Arrays.equals(sizes, 0, count, o.sizes, 0, count)
                    && Arrays.equals(signatures, 0, count, o.signatures, 0, count);
        }
    }

    /** An array shared by planned allocations, and the storage that holds it now. */
    private static final class Slot {
        final float[] array;
        HeapStorage owner;

        Slot(int n) {
            array = new float[n];
        }
    }

    /** Slot per allocation (-1: escaped), slot sizes, and the slots' arrays once made. */
    private static final class Plan {
        final int[] sizes;
        final long[] signatures;
        final int[] slots;
        final int[] slotSizes;
        final Slot[] made;
        final int escaped;

        final Peak peak;

        private Plan(int[] sizes, long[] signatures, int[] slots, int[] slotSizes, int escaped, Peak peak) {
            this.peak = peak;
            this.sizes = sizes;
            this.signatures = signatures;
            this.slots = slots;
            this.slotSizes = slotSizes;
            this.made = new Slot[slotSizes.length];
            this.escaped = escaped;
        }

        Slot slot(int s, int n) {
            if (made[s] == null) made[s] = new Slot(n);
            return made[s];
        }

        long bytes() {
            long b = 0;
            for (int s : slotSizes) b += 4L * s;
            return b;
        }

        long tracedBytes() {
            long b = 0;
            for (int s : sizes) b += 4L * s;
            return b;
        }
    }

    /** Slots for the trace's allocations, greedy in allocation order (see the class comment). */
    private Plan planOf(Trace t) {
        int n = t.count;
        int[] slots = new int[n];
        List<Integer> slotSizes = new ArrayList<>();
        Map<Integer, ArrayDeque<Integer>> free = new HashMap<>();
        PriorityQueue<long[]> busy = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0])); // {last use, slot}
        int escaped = 0;
        for (int i = 0; i < n; i++) {
            while (!busy.isEmpty() && busy.peek()[0] < t.born[i]) {
                int s = (int) busy.poll()[1];
                free.computeIfAbsent(slotSizes.get(s), k -> new ArrayDeque<>()).push(s);
            }
            if (t.lastUse[i] > t.end) { // still used in the next step: not ours to recycle
                slots[i] = -1;
                escaped++;
                continue;
            }
            ArrayDeque<Integer> q = free.get(t.sizes[i]);
            int s;
            if (q != null && !q.isEmpty()) {
                s = q.pop();
            } else {
                s = slotSizes.size();
                slotSizes.add(t.sizes[i]);
            }
            slots[i] = s;
            busy.add(new long[] {t.lastUse[i], s});
        }
        return new Plan(Arrays.copyOf(t.sizes, n), Arrays.copyOf(t.signatures, n), slots,
                slotSizes.stream().mapToInt(Integer::intValue).toArray(), escaped, peakLive(t));
    }

    /**
     * {@code -Dpcdarts.memoryPlan.sites=true}: traced allocations remember the operator that made
     * them (a stack walk each, so only for profiling), and {@link #stats} breaks the peak down.
     */
    private static final boolean SITES = Boolean.getBoolean("pcdarts.memoryPlan.sites");

    /** The allocating operator and its caller, e.g. {@code ReluOp.apply<Relu.forward}. */
    private static String site() {
        return StackWalker.getInstance().walk(f -> f.map(x -> x.getClassName().replaceAll(".*\\.", "").replaceAll("\\$.*", "") + "." + x.getMethodName())
                .filter(x -> !x.startsWith("StepMemoryPlanner") && !x.startsWith("HeapBackend") && !x.startsWith("Tensor.")
                        && !x.startsWith("HeapStorage"))
                .limit(2).reduce((a, b) -> a + "<" + b).orElse("?"));
    }

    /** The most bytes in use at once in a traced step, and (with sites) which operators held them. */
    private record Peak(long bytes, Map<String, Double> megabytesBySite) {}

    /** The floor any plan of the trace can reach: allocations count from birth to last use. */
    private static Peak peakLive(Trace t) {
        long[][] ev = new long[2 * t.count][];
        for (int i = 0; i < t.count; i++) {
            ev[2 * i] = new long[] {2 * t.born[i], t.sizes[i]};
            ev[2 * i + 1] = new long[] {2 * Math.min(t.lastUse[i], t.end) + 1, -t.sizes[i]}; // freed just after its last use
        }
        Arrays.sort(ev, (a, b) -> Long.compare(a[0], b[0]));
        long live = 0, peak = 0, peakAt = 0;
        for (long[] e : ev) {
            live += e[1];
            if (live > peak) {
                peak = live;
                peakAt = e[0];
            }
        }
        Map<String, Double> bySite = new LinkedHashMap<>();
        if (SITES) {
            Map<String, Long> bytes = new HashMap<>();
            for (int i = 0; i < t.count; i++) {
                if (2 * t.born[i] <= peakAt && 2 * Math.min(t.lastUse[i], t.end) + 1 > peakAt) bytes.merge(t.sites.get(i), 4L * t.sizes[i], Long::sum);
            }
            bytes.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                    .forEach(e -> bySite.put(e.getKey(), Math.round(e.getValue() / 1048576.0 * 10) / 10.0));
        }
        return new Peak(4 * peak, bySite);
    }
}

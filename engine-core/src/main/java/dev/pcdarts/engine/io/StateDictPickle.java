package dev.pcdarts.engine.io;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part of Python's pickle that {@code torch.save(model.state_dict())} writes (protocol 2,
 * and the few protocol-4 opcodes newer writers add): dictionaries, tuples, lists, strings,
 * integers, booleans, None, and exactly the globals a state_dict needs. Anything else is
 * refused, so that loading weights can never run code or build arbitrary objects, as
 * {@code torch.load(weights_only=True)} does.
 */
final class StateDictPickle {
    /** A tuple (lists stay lists, so the two cannot be confused). */
    record Tuple(List<Object> items) {}

    /** A class or function named by GLOBAL; only the allowed ones ever exist. */
    record Global(String module, String name) {}

    /** A storage of the archive: {@code data/<key>}, {@code numel} elements of {@code dtype}. */
    record StorageRef(String dtype, String key, long numel) {}

    /** A tensor view of a storage. */
    record TensorRef(StorageRef storage, long offset, int[] shape, long[] stride) {}

    private static final Map<String, String> STORAGES = Map.of("FloatStorage", "F32", "DoubleStorage", "F64", "HalfStorage", "F16",
            "BFloat16Storage", "BF16", "LongStorage", "I64");
    private static final Set<String> FUNCTIONS = Set.of("collections.OrderedDict", "torch._utils._rebuild_tensor_v2",
            "torch._utils._rebuild_parameter");

    private final ByteBuffer in;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();

    private StateDictPickle(byte[] data) {
        this.in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The object the pickle describes; IllegalArgumentException says, in one line, what is not allowed or broken. */
    static Object load(byte[] data) {
        try {
            return new StateDictPickle(data).run();
        } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("the pickle is truncated or damaged");
        }
    }

    private Object run() {
        while (true) {
            int op = in.get() & 0xff;
            switch (op) {
                case 0x80 -> { // PROTO
                    int p = in.get() & 0xff;
                    if (p > 5) throw new IllegalArgumentException("pickle protocol " + p + " is not supported");
                }
                case 0x95 -> in.getLong(); // FRAME: a length hint only
                case '.' -> { // STOP
                    if (stack.size() != 1) throw new IllegalArgumentException("the pickle ends with " + stack.size() + " objects on its stack");
                    return stack.getFirst();
                }
                case '(' -> marks.add(stack.size());
                case '}' -> push(new LinkedHashMap<>());
                case ']' -> push(new ArrayList<>());
                case ')' -> push(new Tuple(List.of()));
                case 'N' -> push(null);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'J' -> push((long) in.getInt());
                case 'K' -> push((long) (in.get() & 0xff));
                case 'M' -> push((long) (in.getShort() & 0xffff));
                case 0x8a -> push(long1(in.get() & 0xff));
                case 'G' -> push(Double.longBitsToDouble(Long.reverseBytes(in.getLong()))); // BINFLOAT is big-endian
                case 'X' -> push(utf8(in.getInt()));
                case 0x8c -> push(utf8(in.get() & 0xff));
                case 'T' -> push(utf8(in.getInt())); // BINSTRING (a Python 2 str), text in practice
                case 'U' -> push(utf8(in.get() & 0xff));
                case 0x85 -> push(new Tuple(List.of(nonNull(pop()))));
                case 0x86 -> {
                    Object b = pop();
                    push(new Tuple(List.of(nonNull(pop()), nonNull(b))));
                }
                case 0x87 -> {
                    Object c = pop();
                    Object b = pop();
                    push(new Tuple(List.of(nonNull(pop()), nonNull(b), nonNull(c))));
                }
                case 't' -> push(new Tuple(java.util.Collections.unmodifiableList(new ArrayList<>(popMark()))));
                case 'c' -> push(global(line(), line()));
                case 0x93 -> { // STACK_GLOBAL
                    Object name = pop();
                    push(global(String.valueOf(pop()), String.valueOf(name)));
                }
                case 'Q' -> push(persistent(pop()));
                case 'R' -> {
                    Object args = pop();
                    push(reduce(pop(), args));
                }
                case 'b' -> { // BUILD: the state_dict's _metadata attribute (versions per module), not needed
                    pop();
                    if (!(peek() instanceof Map<?, ?>)) throw new IllegalArgumentException("BUILD on " + describe(peek()) + " is not allowed");
                }
                case 'u' -> {
                    List<Object> items = popMark();
                    Map<Object, Object> d = dict(peek());
                    for (int i = 0; i + 1 < items.size(); i += 2) d.put(key(items.get(i)), items.get(i + 1));
                }
                case 's' -> {
                    Object v = pop();
                    Object k = pop();
                    dict(peek()).put(key(k), v);
                }
                case 'e' -> {
                    List<Object> items = popMark();
                    list(peek()).addAll(items);
                }
                case 'a' -> {
                    Object v = pop();
                    list(peek()).add(v);
                }
                case 'q' -> memo.put((long) (in.get() & 0xff), peek());
                case 'r' -> memo.put(in.getInt() & 0xffffffffL, peek());
                case 0x94 -> memo.put((long) memo.size(), peek()); // MEMOIZE
                case 'h' -> push(recall(in.get() & 0xff));
                case 'j' -> push(recall(in.getInt() & 0xffffffffL));
                default -> throw new IllegalArgumentException(String.format("pickle opcode 0x%02x at byte %d is not allowed in a state_dict",
                        op, in.position() - 1));
            }
        }
    }

    private static Object nonNull(Object o) {
        return o == null ? NONE : o;
    }

    /** None inside a tuple (List.of refuses null). */
    static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    private void push(Object o) {
        stack.add(o);
    }

    private Object pop() {
        if (stack.isEmpty() || (!marks.isEmpty() && marks.getLast() == stack.size())) throw new IllegalArgumentException("the pickle's stack underflows");
        return stack.removeLast();
    }

    private Object peek() {
        if (stack.isEmpty()) throw new IllegalArgumentException("the pickle's stack underflows");
        return stack.getLast();
    }

    private List<Object> popMark() {
        if (marks.isEmpty()) throw new IllegalArgumentException("the pickle lacks a MARK");
        int at = marks.removeLast();
        List<Object> items = new ArrayList<>(stack.subList(at, stack.size()));
        stack.subList(at, stack.size()).clear();
        return items;
    }

    private Object recall(long i) {
        if (!memo.containsKey(i)) throw new IllegalArgumentException("the pickle refers to memo " + i + " before it is set");
        return memo.get(i);
    }

    private String utf8(int n) {
        if (n < 0 || n > in.remaining()) throw new IllegalArgumentException("the pickle is truncated or damaged");
        byte[] b = new byte[n];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private String line() {
        StringBuilder s = new StringBuilder();
        for (byte b; (b = in.get()) != '\n'; ) s.append((char) b);
        return s.toString();
    }

    private long long1(int n) {
        byte[] b = new byte[n];
        in.get(b);
        byte[] be = new byte[Math.max(1, n)];
        for (int i = 0; i < n; i++) be[n - 1 - i] = b[i];
        BigInteger v = n == 0 ? BigInteger.ZERO : new BigInteger(be);
        if (v.bitLength() > 63) throw new IllegalArgumentException("an integer of " + n + " bytes is too large");
        return v.longValue();
    }

    private static Object global(String module, String name) {
        String full = module + "." + name;
        if (module.equals("torch") && STORAGES.containsKey(name)) return new Global(module, name);
        if (FUNCTIONS.contains(full)) return new Global(module, name);
        throw new IllegalArgumentException("not a state_dict of tensors: the pickle names " + full);
    }

    private static Map<Object, Object> dict(Object o) {
        if (o instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<Object, Object> d = (Map<Object, Object>) m;
            return d;
        }
        throw new IllegalArgumentException("SETITEMS on " + describe(o));
    }

    private static List<Object> list(Object o) {
        if (o instanceof List<?> l) {
            @SuppressWarnings("unchecked")
            List<Object> d = (List<Object>) l;
            return d;
        }
        throw new IllegalArgumentException("APPENDS on " + describe(o));
    }

    private static Object key(Object k) {
        if (k instanceof String || k instanceof Long) return k;
        throw new IllegalArgumentException("a dictionary key is " + describe(k));
    }

    /** ('storage', torch.XStorage, key, location, numel): torch's persistent id of a storage. */
    private static Object persistent(Object pid) {
        if (pid instanceof Tuple(List<Object> t) && t.size() == 5 && "storage".equals(t.get(0)) && t.get(1) instanceof Global g
                && STORAGES.containsKey(g.name()) && t.get(2) instanceof String key && t.get(4) instanceof Long numel) {
            if (key.contains("/") || key.contains("..")) throw new IllegalArgumentException("a storage key is " + key);
            return new StorageRef(STORAGES.get(g.name()), key, numel);
        }
        throw new IllegalArgumentException("a persistent id is " + describe(pid) + ", not a tensor storage");
    }

    private static Object reduce(Object callable, Object args) {
        if (!(callable instanceof Global g) || !(args instanceof Tuple(List<Object> a))) {
            throw new IllegalArgumentException("REDUCE of " + describe(callable) + " is not allowed");
        }
        switch (g.module() + "." + g.name()) {
            case "collections.OrderedDict" -> {
                if (!a.isEmpty()) throw new IllegalArgumentException("OrderedDict with arguments is not allowed");
                return new LinkedHashMap<>();
            }
            case "torch._utils._rebuild_tensor_v2" -> {
                if (a.size() < 4 || !(a.get(0) instanceof StorageRef s) || !(a.get(1) instanceof Long offset)
                        || !(a.get(2) instanceof Tuple(List<Object> size)) || !(a.get(3) instanceof Tuple(List<Object> stride))
                        || size.size() != stride.size()) {
                    throw new IllegalArgumentException("_rebuild_tensor_v2 with arguments " + a + " is not understood");
                }
                int[] shape = new int[size.size()];
                long[] st = new long[size.size()];
                for (int i = 0; i < shape.length; i++) {
                    if (!(size.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE || !(stride.get(i) instanceof Long x) || x < 0) {
                        throw new IllegalArgumentException("a tensor has size " + size + " and stride " + stride);
                    }
                    shape[i] = (int) (long) d;
                    st[i] = x;
                }
                return new TensorRef(s, offset, shape, st);
            }
            case "torch._utils._rebuild_parameter" -> {
                if (a.isEmpty() || !(a.getFirst() instanceof TensorRef t)) throw new IllegalArgumentException("_rebuild_parameter of " + a);
                return t;
            }
            default -> throw new IllegalArgumentException("calling " + g.module() + "." + g.name() + " is not allowed");
        }
    }

    static String describe(Object o) {
        if (o == null || o == NONE) return "None";
        if (o instanceof Map<?, ?>) return "a dictionary";
        if (o instanceof List<?>) return "a list";
        if (o instanceof Tuple) return "a tuple";
        if (o instanceof String s) return "the string '" + s + "'";
        if (o instanceof Global g) return g.module() + "." + g.name();
        if (o instanceof TensorRef) return "a tensor";
        return "the value " + o;
    }
}

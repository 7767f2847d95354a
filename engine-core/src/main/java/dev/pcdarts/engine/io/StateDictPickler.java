package dev.pcdarts.engine.io;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pickle that {@code torch.save(state_dict)} writes, opcode for opcode: protocol 2, an
 * OrderedDict of {@code torch._utils._rebuild_tensor_v2(storage, 0, size, stride, False,
 * OrderedDict())}, each storage a persistent id {@code ('storage', torch.FloatStorage |
 * torch.LongStorage, key, 'cpu', numel)}, memoised as CPython's pickler memoises (so the bytes
 * equal PyTorch's for the same tensors). The module metadata PyTorch attaches to a state_dict
 * ({@code _metadata}) is left out: {@code load_state_dict} does not need it.
 */
final class StateDictPickler {
    /** CPython's pickler writes SETITEMS in batches of this many items. */
    private static final int BATCH = 1000;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    /** Objects that PyTorch's pickle shares: globals and the interned strings 'storage' and 'cpu'. */
    private final Map<String, Integer> shared = new HashMap<>();
    private int memo;

    private StateDictPickler() {}

    /** The pickle of these tensors; storage {@code i} (a decimal key) is tensor {@code i} in order. */
    static byte[] pickle(List<Map.Entry<String, Safetensors.Entry>> tensors) {
        StateDictPickler p = new StateDictPickler();
        p.out.write(0x80);
        p.out.write(2);
        p.global("collections", "OrderedDict");
        p.out.write(')');
        p.out.write('R');
        p.put();
        for (int from = 0; from < tensors.size(); from += BATCH) {
            List<Map.Entry<String, Safetensors.Entry>> batch = tensors.subList(from, Math.min(tensors.size(), from + BATCH));
            if (batch.size() > 1) p.out.write('(');
            for (int i = 0; i < batch.size(); i++) {
                p.string(batch.get(i).getKey());
                p.tensor(Integer.toString(from + i), batch.get(i).getValue());
            }
            p.out.write(batch.size() > 1 ? 'u' : 's');
        }
        p.out.write('.');
        return p.out.toByteArray();
    }

    private void tensor(String key, Safetensors.Entry t) {
        boolean i64 = "I64".equals(t.dtype());
        if (!i64 && !"F32".equals(t.dtype())) throw new IllegalArgumentException("only F32 and I64 tensors are written, not " + t.dtype());
        global("torch._utils", "_rebuild_tensor_v2");
        out.write('(');
        out.write('(');
        sharedString("storage");
        global("torch", i64 ? "LongStorage" : "FloatStorage");
        string(key);
        sharedString("cpu");
        integer(t.numel());
        out.write('t');
        put();
        out.write('Q');
        integer(0);
        int[] shape = t.shape();
        long[] stride = new long[shape.length];
        for (int i = shape.length - 1, s = 1; i >= 0; s *= shape[i], i--) stride[i] = s;
        long[] size = new long[shape.length];
        for (int i = 0; i < shape.length; i++) size[i] = shape[i];
        tuple(size);
        tuple(stride);
        out.write(0x89); // requires_grad=False
        get(shared.get("collections\nOrderedDict")); // backward_hooks: OrderedDict()
        out.write(')');
        out.write('R');
        put();
        out.write('t');
        put();
        out.write('R');
        put();
    }

    /** A tuple of ints: EMPTY_TUPLE (not memoised), TUPLE1..3 or MARK ... TUPLE, as protocol 2 writes them. */
    private void tuple(long[] v) {
        if (v.length == 0) {
            out.write(')');
            return;
        }
        if (v.length > 3) out.write('(');
        for (long x : v) integer(x);
        out.write(v.length > 3 ? 't' : 0x84 + v.length);
        put();
    }

    private void integer(long v) {
        if (v >= 0 && v <= 0xff) {
            out.write('K');
            out.write((int) v);
        } else if (v >= 0 && v <= 0xffff) {
            out.write('M');
            le(v, 2);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            out.write('J');
            le(v, 4);
        } else {
            out.write(0x8a); // LONG1: the fewest little-endian two's-complement bytes
            int n = 5;
            while (n < 8 && (v < -(1L << (8 * n - 1)) || v >= 1L << (8 * n - 1))) n++;
            out.write(n);
            le(v, n);
        }
    }

    private void le(long v, int bytes) {
        for (int i = 0; i < bytes; i++) out.write((int) (v >>> (8 * i)));
    }

    private void string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write('X');
        le(b.length, 4);
        out.writeBytes(b);
        put();
    }

    private void sharedString(String s) {
        Integer at = shared.get("'" + s);
        if (at != null) {
            get(at);
            return;
        }
        string(s);
        shared.put("'" + s, memo - 1);
    }

    private void global(String module, String name) {
        Integer at = shared.get(module + "\n" + name);
        if (at != null) {
            get(at);
            return;
        }
        out.write('c');
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        shared.put(module + "\n" + name, memo);
        put();
    }

    private void put() {
        if (memo < 256) {
            out.write('q');
            out.write(memo);
        } else {
            out.write('r');
            le(memo, 4);
        }
        memo++;
    }

    private void get(int at) {
        if (at < 256) {
            out.write('h');
            out.write(at);
        } else {
            out.write('j');
            le(at, 4);
        }
    }
}

package dev.pcdarts.nas.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An ONNX graph being built: nodes in topological order, float and int64 initializers, and the
 * ModelProto that holds them (field numbers of onnx.proto). Every value name is unique.
 */
final class OnnxGraph {
    static final int OPSET = 17;
    /** The IR version that opset 17 came with. */
    static final int IR_VERSION = 8;
    private static final int FLOAT = 1;
    private static final int INT64 = 7;

    /** A node attribute: an int, a float or a list of ints. */
    record Attr(String name, int type, long i, float f, long[] ints) {
        static Attr i(String name, long v) {
            return new Attr(name, 2, v, 0, null);
        }

        static Attr f(String name, float v) {
            return new Attr(name, 1, 0, v, null);
        }

        static Attr ints(String name, long... v) {
            return new Attr(name, 7, 0, 0, v);
        }

        Protobuf proto() {
            Protobuf p = new Protobuf().string(1, name).varint(20, type);
            return switch (type) {
                case 1 -> p.float32(2, f);
                case 2 -> p.varint(3, i);
                default -> p.packed(8, ints);
            };
        }
    }

    private final List<Protobuf> nodes = new ArrayList<>();
    private final List<Protobuf> initializers = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private int counter;

    /** A graph whose one input is {@code input}. */
    OnnxGraph(String input) {
        claim(input);
    }

    private String claim(String name) {
        if (!names.add(name)) throw new IllegalStateException("ONNX value " + name + " is defined twice");
        return name;
    }

    /** A float initializer of these dimensions, under {@code name} (a state_dict key). */
    String floats(String name, int[] dims, float[] data) {
        ByteBuffer raw = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : data) raw.putFloat(v);
        long[] d = new long[dims.length];
        for (int k = 0; k < dims.length; k++) d[k] = dims[k];
        initializers.add(new Protobuf().packed(1, d).varint(2, FLOAT).string(8, claim(name)).bytes(9, raw.array()));
        return name;
    }

    /** A 1-d int64 initializer (Slice's starts, ends, axes and steps). */
    String int64s(String hint, long... values) {
        String name = claim(hint + "_" + counter++);
        ByteBuffer raw = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) raw.putLong(v);
        initializers.add(new Protobuf().packed(1, new long[] {values.length}).varint(2, INT64).string(8, name).bytes(9, raw.array()));
        return name;
    }

    /** Adds a node of one output named after {@code name} (or exactly {@code output} when given); returns the output. */
    String node(String opType, String name, String output, List<String> inputs, Attr... attrs) {
        String nodeName = name + "/" + opType + "_" + counter++;
        String out = claim(output != null ? output : nodeName);
        Protobuf n = new Protobuf();
        for (String in : inputs) n.string(1, in);
        n.string(2, out).string(3, nodeName).string(4, opType);
        for (Attr a : attrs) n.message(5, a.proto());
        nodes.add(n);
        return out;
    }

    private static Protobuf valueInfo(String name, Object... dims) {
        Protobuf shape = new Protobuf();
        for (Object d : dims) {
            Protobuf dim = new Protobuf();
            if (d instanceof String s) dim.string(2, s);
            else dim.varint(1, ((Number) d).longValue());
            shape.message(1, dim);
        }
        Protobuf tensor = new Protobuf().varint(1, FLOAT).message(2, shape);
        return new Protobuf().string(1, name).message(2, new Protobuf().message(1, tensor));
    }

    /**
     * The ModelProto: one float input [batch, C, H, W] and one float output [batch, classes]; the
     * batch dimension is symbolic, as are H and W where {@code chw} holds names for them.
     */
    byte[] model(String graphName, String input, Object[] chw, String output, int classes, String docString) {
        Protobuf g = new Protobuf();
        for (Protobuf n : nodes) g.message(1, n);
        g.string(2, graphName);
        for (Protobuf t : initializers) g.message(5, t);
        g.message(11, valueInfo(input, "batch", chw[0], chw[1], chw[2]));
        g.message(12, valueInfo(output, "batch", classes));
        return new Protobuf().varint(1, IR_VERSION).string(2, "pcdarts").string(3, "0.1.0").message(7, g)
                .message(8, new Protobuf().string(1, "").varint(2, OPSET)).string(6, docString).toBytes();
    }
}

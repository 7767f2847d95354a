package dev.pcdarts.nas.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One protobuf message in the wire format: varint (type 0), 32-bit (type 5) and length-delimited
 * (type 2) fields, written in the order they are added; repeated fields are added one by one or
 * packed.
 */
final class Protobuf {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private void raw(long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private void tag(int field, int wireType) {
        raw(((long) field << 3) | wireType);
    }

    /** An int32, int64 or enum field (negative values take ten bytes, as protobuf encodes them). */
    Protobuf varint(int field, long v) {
        tag(field, 0);
        raw(v);
        return this;
    }

    Protobuf float32(int field, float v) {
        tag(field, 5);
        int bits = Float.floatToRawIntBits(v);
        for (int i = 0; i < 4; i++) out.write(bits >>> (8 * i));
        return this;
    }

    Protobuf bytes(int field, byte[] b) {
        tag(field, 2);
        raw(b.length);
        out.writeBytes(b);
        return this;
    }

    Protobuf string(int field, String s) {
        return bytes(field, s.getBytes(StandardCharsets.UTF_8));
    }

    Protobuf message(int field, Protobuf m) {
        return bytes(field, m.toBytes());
    }

    /** A packed repeated int64 field. */
    Protobuf packed(int field, long[] values) {
        Protobuf p = new Protobuf();
        for (long v : values) p.raw(v);
        return bytes(field, p.toBytes());
    }

    byte[] toBytes() {
        return out.toByteArray();
    }
}

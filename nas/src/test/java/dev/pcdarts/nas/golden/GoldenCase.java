package dev.pcdarts.nas.golden;

import dev.pcdarts.io.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One golden case, decoded (format: golden/README.md). */
record GoldenCase(Path file, String name, String kind, Map<String, Object> config, double atol, double rtol,
                  Map<String, Value> inputs, Map<String, Value> params, Map<String, Value> buffers,
                  Map<String, Value> outputs, Map<String, Value> grads, Map<String, Value> paramsAfter,
                  Map<String, Value> buffersAfter, Map<String, Object> raw) {

    /** A decoded tensor: float values, or integer values for i64 targets. */
    record Value(int[] shape, float[] f, int[] i) {}

    @SuppressWarnings("unchecked")
    static GoldenCase load(Path file) throws IOException {
        Map<String, Object> m = Json.parseObject(Files.readString(file));
        Map<String, Object> tol = (Map<String, Object>) m.getOrDefault("tolerance", Map.of());
        return new GoldenCase(file, (String) m.get("case"), (String) m.get("kind"),
                (Map<String, Object>) m.getOrDefault("config", Map.of()),
                num(tol.getOrDefault("atol", 0.0)), num(tol.getOrDefault("rtol", 0.0)),
                tensors(m.get("inputs")), tensors(m.get("params")), tensors(m.get("buffers")), tensors(m.get("outputs")),
                tensors(m.get("grads")), tensors(m.get("params_after")), tensors(m.get("buffers_after")), m);
    }

    private static double num(Object o) {
        return ((Number) o).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Value> tensors(Object section) {
        Map<String, Value> out = new LinkedHashMap<>();
        if (!(section instanceof Map<?, ?> m)) return out;
        for (var e : ((Map<String, Object>) m).entrySet()) {
            if (!(e.getValue() instanceof Map<?, ?> t) || !t.containsKey("shape")) continue; // e.g. the genotype output
            out.put(e.getKey(), decode((Map<String, Object>) t));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Value decode(Map<String, Object> t) {
        List<Object> shapeList = (List<Object>) t.get("shape");
        int[] shape = shapeList.stream().mapToInt(o -> ((Number) o).intValue()).toArray();
        String dtype = (String) t.get("dtype");
        if ("f32".equals(dtype)) {
            ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode((String) t.get("b64"))).order(ByteOrder.LITTLE_ENDIAN);
            float[] v = new float[b.remaining() / 4];
            b.asFloatBuffer().get(v);
            return new Value(shape, v, null);
        }
        if ("i64".equals(dtype)) {
            int[] v = ((List<Object>) t.get("data")).stream().mapToInt(o -> ((Number) o).intValue()).toArray();
            return new Value(shape, null, v);
        }
        throw new IllegalArgumentException("unknown dtype " + dtype);
    }

    String configString(String key) {
        Object v = config.get(key);
        return v == null ? null : v.toString();
    }

    int configInt(String key) {
        Object v = config.get(key);
        if (v == null) throw new IllegalArgumentException(name + ": config lacks " + key);
        return ((Number) v).intValue();
    }

    boolean configBool(String key) {
        return Boolean.TRUE.equals(config.get(key));
    }
}

package dev.pcdarts.nas.genotype;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The published genotypes, by the names of the reference's {@code genotypes.py}. */
public final class Genotypes {
    private static final Map<String, Genotype> BUILT_IN = new LinkedHashMap<>();

    static {
        put("PC_DARTS_cifar", "Genotype(normal=[('sep_conv_3x3', 1), ('skip_connect', 0), ('sep_conv_3x3', 0), ('dil_conv_3x3', 1),"
                + " ('sep_conv_5x5', 0), ('sep_conv_3x3', 1), ('avg_pool_3x3', 0), ('dil_conv_3x3', 1)], normal_concat=range(2, 6),"
                + " reduce=[('sep_conv_5x5', 1), ('max_pool_3x3', 0), ('sep_conv_5x5', 1), ('sep_conv_5x5', 2), ('sep_conv_3x3', 0),"
                + " ('sep_conv_3x3', 3), ('sep_conv_3x3', 1), ('sep_conv_3x3', 2)], reduce_concat=range(2, 6))");
        put("PC_DARTS_image", "Genotype(normal=[('skip_connect', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 0), ('skip_connect', 1),"
                + " ('sep_conv_3x3', 1), ('sep_conv_3x3', 3), ('sep_conv_3x3', 1), ('dil_conv_5x5', 4)], normal_concat=range(2, 6),"
                + " reduce=[('sep_conv_3x3', 0), ('skip_connect', 1), ('dil_conv_5x5', 2), ('max_pool_3x3', 1), ('sep_conv_3x3', 2),"
                + " ('sep_conv_3x3', 1), ('sep_conv_5x5', 0), ('sep_conv_3x3', 3)], reduce_concat=range(2, 6))");
        put("DARTS_V1", "Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 0), ('sep_conv_3x3', 1),"
                + " ('skip_connect', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 2)], normal_concat=[2, 3, 4, 5],"
                + " reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 0), ('max_pool_3x3', 0),"
                + " ('skip_connect', 2), ('skip_connect', 2), ('avg_pool_3x3', 0)], reduce_concat=[2, 3, 4, 5])");
        put("DARTS_V2", "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1),"
                + " ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5],"
                + " reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0),"
                + " ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])");
        put("NASNet", "Genotype(normal=[('sep_conv_5x5', 1), ('sep_conv_3x3', 0), ('sep_conv_5x5', 0), ('sep_conv_3x3', 0),"
                + " ('avg_pool_3x3', 1), ('skip_connect', 0), ('avg_pool_3x3', 0), ('avg_pool_3x3', 0), ('sep_conv_3x3', 1),"
                + " ('skip_connect', 1)], normal_concat=[2, 3, 4, 5, 6], reduce=[('sep_conv_5x5', 1), ('sep_conv_7x7', 0),"
                + " ('max_pool_3x3', 1), ('sep_conv_7x7', 0), ('avg_pool_3x3', 1), ('sep_conv_5x5', 0), ('skip_connect', 3),"
                + " ('avg_pool_3x3', 2), ('sep_conv_3x3', 2), ('max_pool_3x3', 1)], reduce_concat=[4, 5, 6])");
        put("AmoebaNet", "Genotype(normal=[('avg_pool_3x3', 0), ('max_pool_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_5x5', 2),"
                + " ('sep_conv_3x3', 0), ('avg_pool_3x3', 3), ('sep_conv_3x3', 1), ('skip_connect', 1), ('skip_connect', 0),"
                + " ('avg_pool_3x3', 1)], normal_concat=[4, 5, 6], reduce=[('avg_pool_3x3', 0), ('sep_conv_3x3', 1),"
                + " ('max_pool_3x3', 0), ('sep_conv_7x7', 2), ('sep_conv_7x7', 0), ('avg_pool_3x3', 1), ('max_pool_3x3', 0),"
                + " ('max_pool_3x3', 1), ('conv_7x1_1x7', 0), ('sep_conv_3x3', 5)], reduce_concat=[3, 4, 6])");
    }

    private Genotypes() {}

    private static void put(String name, String text) {
        BUILT_IN.put(name, Genotype.parse(text));
    }

    /** Name → genotype, in a stable order; {@code PCDARTS} and {@code DARTS} are aliases. */
    public static Map<String, Genotype> all() {
        return java.util.Collections.unmodifiableMap(BUILT_IN);
    }

    /**
     * A built-in genotype by name (case-insensitive; {@code PCDARTS} = PC_DARTS_cifar,
     * {@code DARTS} = DARTS_V2), a path to a JSON file, or a genotype string.
     */
    public static Genotype resolve(String spec) {
        String s = spec.trim();
        String key = s.toUpperCase(Locale.ROOT);
        if (key.equals("PCDARTS")) return BUILT_IN.get("PC_DARTS_cifar");
        if (key.equals("DARTS")) return BUILT_IN.get("DARTS_V2");
        for (var e : BUILT_IN.entrySet()) if (e.getKey().equalsIgnoreCase(s)) return e.getValue();
        if (s.startsWith("{") || s.startsWith("Genotype(")) return Genotype.parse(s);
        java.nio.file.Path p = java.nio.file.Path.of(s);
        if (java.nio.file.Files.isRegularFile(p)) {
            try {
                return Genotype.parse(java.nio.file.Files.readString(p));
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("cannot read genotype file " + p + ": " + e.getMessage());
            }
        }
        throw new IllegalArgumentException("unknown genotype '" + s + "': not a built-in (" + String.join(", ", BUILT_IN.keySet())
                + "), a JSON file or a Genotype(...) string");
    }
}

package dev.pcdarts.nas.genotype;

import dev.pcdarts.io.Json;
import dev.pcdarts.nas.ops.Primitive;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A discrete architecture: for each cell type, two (op, input) pairs per node and the states
 * concatenated as output. Input 0 is c_{k-2}, 1 is c_{k-1}, 2.. are earlier nodes.
 */
public record Genotype(List<Edge> normal, List<Integer> normalConcat, List<Edge> reduce, List<Integer> reduceConcat) {

    /** One kept edge: an op applied to an input state. */
    public record Edge(String op, int input) {
        public Edge {
            op = Primitive.byName(op).ref();
            if (input < 0) throw new IllegalArgumentException("edge input must be >= 0, got " + input);
        }
    }

    public Genotype {
        normal = List.copyOf(normal);
        reduce = List.copyOf(reduce);
        normalConcat = List.copyOf(normalConcat);
        reduceConcat = List.copyOf(reduceConcat);
        validate("normal", normal, normalConcat);
        validate("reduce", reduce, reduceConcat);
    }

    private static void validate(String cell, List<Edge> edges, List<Integer> concat) {
        if (edges.isEmpty() || edges.size() % 2 != 0) {
            throw new IllegalArgumentException("genotype: the " + cell + " cell needs two edges per node, got " + edges.size());
        }
        int steps = edges.size() / 2;
        for (int i = 0; i < edges.size(); i++) {
            int node = i / 2;
            if (edges.get(i).input() >= node + 2) {
                throw new IllegalArgumentException("genotype: " + cell + " edge " + i + " (node " + node + ") reads state "
                        + edges.get(i).input() + ", but only states 0.." + (node + 1) + " exist");
            }
            if (edges.get(i).op().equals("none")) {
                throw new IllegalArgumentException("genotype: " + cell + " edge " + i + " is 'none', which a genotype cannot keep");
            }
        }
        if (concat.isEmpty()) throw new IllegalArgumentException("genotype: empty " + cell + "_concat");
        for (int c : concat) {
            if (c < 0 || c >= steps + 2) throw new IllegalArgumentException("genotype: " + cell + "_concat index " + c + " outside 0.." + (steps + 1));
        }
    }

    public int steps() {
        return normal.size() / 2;
    }

    /** The reference's printed form, {@code Genotype(normal=[('sep_conv_3x3', 1), ...], ...)}. */
    public String toReferenceString() {
        return "Genotype(normal=" + edges(normal) + ", normal_concat=" + normalConcat
                + ", reduce=" + edges(reduce) + ", reduce_concat=" + reduceConcat + ")";
    }

    private static String edges(List<Edge> es) {
        return es.stream().map(e -> "('" + e.op() + "', " + e.input() + ")").collect(Collectors.joining(", ", "[", "]"));
    }

    /** {"normal": [["op", input], ...], "normal_concat": [...], "reduce": ..., "reduce_concat": ...}. */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("normal", normal.stream().map(e -> List.of(e.op(), e.input())).toList());
        m.put("normal_concat", normalConcat);
        m.put("reduce", reduce.stream().map(e -> List.of(e.op(), e.input())).toList());
        m.put("reduce_concat", reduceConcat);
        return m;
    }

    public String toJson() {
        return Json.write(toJsonMap());
    }

    @Override
    public String toString() {
        return toReferenceString();
    }

    /** Parses the JSON form or the reference string form; errors say what is wrong. */
    public static Genotype parse(String text) {
        String t = text.trim();
        if (t.startsWith("{")) {
            Map<String, Object> m = Json.parseObject(t);
            for (String key : List.of("normal", "normal_concat", "reduce", "reduce_concat")) {
                if (!(m.get(key) instanceof List<?>)) throw new IllegalArgumentException("genotype JSON lacks the list '" + key + "'");
            }
            try {
                return fromJsonMap(m);
            } catch (ClassCastException | NullPointerException e) {
                throw new IllegalArgumentException("genotype JSON: an edge is not [\"op\", input] or a concat entry is not a number");
            }
        }
        if (!t.startsWith("Genotype(")) {
            throw new IllegalArgumentException("not a genotype: expected JSON or Genotype(normal=[...], normal_concat=..., reduce=[...], reduce_concat=...)");
        }
        return new Genotype(edgeList(t, "normal"), concat(t, "normal_concat"), edgeList(t, "reduce"), concat(t, "reduce_concat"));
    }

    @SuppressWarnings("unchecked")
    public static Genotype fromJsonMap(Map<String, Object> m) {
        return new Genotype(jsonEdges((List<Object>) m.get("normal")), jsonInts((List<Object>) m.get("normal_concat")),
                jsonEdges((List<Object>) m.get("reduce")), jsonInts((List<Object>) m.get("reduce_concat")));
    }

    private static List<Edge> jsonEdges(List<Object> list) {
        List<Edge> out = new ArrayList<>();
        for (Object o : list) {
            List<?> pair = (List<?>) o;
            if (pair.size() != 2) throw new IllegalArgumentException("genotype edge must be [op, input], got " + pair);
            out.add(new Edge((String) pair.get(0), ((Number) pair.get(1)).intValue()));
        }
        return out;
    }

    private static List<Integer> jsonInts(List<Object> list) {
        return list.stream().map(o -> ((Number) o).intValue()).toList();
    }

    private static final Pattern EDGE = Pattern.compile("\\(\\s*['\"]([A-Za-z0-9_]+)['\"]\\s*,\\s*(\\d+)\\s*\\)");

    private static List<Edge> edgeList(String t, String key) {
        Matcher m = Pattern.compile("(?<![a-z_])" + key + "\\s*=\\s*\\[([^\\]]*)\\]").matcher(t);
        if (!m.find()) throw new IllegalArgumentException("genotype string has no " + key + "=[...]");
        List<Edge> out = new ArrayList<>();
        Matcher e = EDGE.matcher(m.group(1));
        while (e.find()) out.add(new Edge(e.group(1), Integer.parseInt(e.group(2))));
        String rest = EDGE.matcher(m.group(1)).replaceAll("").replaceAll("[\\s,]", "");
        if (!rest.isEmpty()) throw new IllegalArgumentException("genotype string: cannot read '" + rest + "' in " + key);
        return out;
    }

    private static List<Integer> concat(String t, String key) {
        Matcher r = Pattern.compile(key + "\\s*=\\s*range\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)").matcher(t);
        if (r.find()) {
            List<Integer> out = new ArrayList<>();
            for (int i = Integer.parseInt(r.group(1)); i < Integer.parseInt(r.group(2)); i++) out.add(i);
            return out;
        }
        Matcher l = Pattern.compile(key + "\\s*=\\s*\\[([\\d,\\s]*)\\]").matcher(t);
        if (!l.find()) throw new IllegalArgumentException("genotype string has no " + key + "=range(a, b) or [..]");
        List<Integer> out = new ArrayList<>();
        for (String s : l.group(1).split(",")) if (!s.isBlank()) out.add(Integer.parseInt(s.trim()));
        return out;
    }
}

package dev.pcdarts.datasets.arrow;

import java.util.ArrayList;
import java.util.List;

/** The two tiny JSON shapes of the schema metadata: a list of strings and a list of numbers. */
final class JsonText {
    private JsonText() {}

    static String strings(List<String> values) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) b.append(", ");
            b.append('"');
            for (char c : values.get(i).toCharArray()) {
                if (c == '"' || c == '\\') b.append('\\');
                b.append(c);
            }
            b.append('"');
        }
        return b.append(']').toString();
    }

    static String floats(float[] values) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) b.append(i > 0 ? ", " : "").append(values[i]);
        return b.append(']').toString();
    }

    static List<String> parseStrings(String s) {
        String t = s.trim();
        if (!t.startsWith("[") || !t.endsWith("]")) throw new IllegalArgumentException("expected a JSON list");
        List<String> out = new ArrayList<>();
        int i = 1;
        while (i < t.length() - 1) {
            char c = t.charAt(i);
            if (c == ' ' || c == ',') {
                i++;
                continue;
            }
            if (c != '"') throw new IllegalArgumentException("expected a string at " + i);
            StringBuilder b = new StringBuilder();
            i++;
            while (i < t.length() && t.charAt(i) != '"') {
                if (t.charAt(i) == '\\') i++;
                b.append(t.charAt(i++));
            }
            if (i >= t.length()) throw new IllegalArgumentException("unterminated string");
            out.add(b.toString());
            i++;
        }
        return out;
    }

    static float[] parseFloats(String s) {
        String t = s.trim();
        if (!t.startsWith("[") || !t.endsWith("]")) throw new IllegalArgumentException("expected a JSON list");
        String body = t.substring(1, t.length() - 1).trim();
        if (body.isEmpty()) return new float[0];
        String[] parts = body.split(",");
        float[] v = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Float.parseFloat(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + parts[i].trim() + "' is not a number");
            }
        }
        return v;
    }
}

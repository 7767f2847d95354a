package dev.pcdarts.nas.config;

import java.util.List;
import java.util.Map;

/** Typed reads of a configuration's JSON object: a missing or mistyped key names itself. */
final class ConfigReader {
    private final Map<String, Object> m;

    ConfigReader(Map<String, Object> m) {
        this.m = m;
    }

    Number number(String key) {
        if (!(m.get(key) instanceof Number n)) throw new IllegalArgumentException("'" + key + "' is missing or not a number");
        return n;
    }

    int integer(String key) {
        return number(key).intValue();
    }

    double real(String key) {
        return number(key).doubleValue();
    }

    boolean flag(String key) {
        if (!(m.get(key) instanceof Boolean b)) throw new IllegalArgumentException("'" + key + "' is missing or not true/false");
        return b;
    }

    String text(String key) {
        if (!(m.get(key) instanceof String s)) throw new IllegalArgumentException("'" + key + "' is missing or not a string");
        return s;
    }

    /** A key added after the first release: its old meaning when absent. */
    double realOr(String key, double absent) {
        return m.containsKey(key) ? real(key) : absent;
    }

    int integerOr(String key, int absent) {
        return m.containsKey(key) ? integer(key) : absent;
    }

    boolean flagOr(String key, boolean absent) {
        return m.containsKey(key) ? flag(key) : absent;
    }

    double element(String key, int i, int size) {
        if (!(m.get(key) instanceof List<?> l) || l.size() != size || !(l.get(i) instanceof Number n)) {
            throw new IllegalArgumentException("'" + key + "' is missing or not a list of " + size + " numbers");
        }
        return n.doubleValue();
    }
}

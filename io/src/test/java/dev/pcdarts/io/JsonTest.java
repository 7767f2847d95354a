package dev.pcdarts.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void writesAndReadsBackTheSameValues() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "a \"quoted\"\ttab\n\u0001");
        m.put("n", 42L);
        m.put("x", 0.25);
        m.put("ok", true);
        m.put("none", null);
        m.put("list", List.of(1L, "two", List.of()));
        m.put("nested", Map.of("k", -3L));
        String text = Json.write(m);
        assertEquals(m, Json.parseObject(text));
        assertEquals(text, Json.write(Json.parseObject(text)), "the order of keys is kept");
    }

    @Test
    void numbersAreLongWhenIntegralElseDoubleAndNonFiniteIsNull() {
        assertEquals(List.of(3L, 3.5, -1e-3), Json.parse("[3, 3.5, -1e-3]"));
        assertEquals("[1,2]", Json.write(new int[] {1, 2}));
        assertEquals("[0.5,null]", Json.write(new float[] {0.5f, Float.NaN}));
        assertEquals("null", Json.write(Double.POSITIVE_INFINITY));
    }

    @Test
    void badInputNamesWhereItStops() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": 1} x"));
        assertTrue(e.getMessage().contains("trailing characters"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": }"));
        assertThrows(IllegalArgumentException.class, () -> Json.parseObject("[1]"));
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
    }
}

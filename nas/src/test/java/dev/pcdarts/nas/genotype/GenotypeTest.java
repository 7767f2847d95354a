package dev.pcdarts.nas.genotype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pcdarts.engine.nn.Init;
import dev.pcdarts.engine.rng.RandomStream;
import dev.pcdarts.nas.ops.Primitive;
import dev.pcdarts.nas.search.MixedOp;
import dev.pcdarts.nas.search.Relaxation;
import dev.pcdarts.vector.VectorBackend;
import org.junit.jupiter.api.Test;

class GenotypeTest {
    @Test
    void builtInsRoundTripThroughBothForms() {
        for (var e : Genotypes.all().entrySet()) {
            Genotype g = e.getValue();
            assertEquals(g, Genotype.parse(g.toReferenceString()), e.getKey());
            assertEquals(g, Genotype.parse(g.toJson()), e.getKey());
        }
        assertEquals(Genotypes.resolve("PC_DARTS_cifar"), Genotypes.resolve("pcdarts"));
        assertEquals(3, Genotypes.resolve("AmoebaNet").reduceConcat().size());
    }

    private static void rejects(String text, String mention) {
        var e = assertThrows(IllegalArgumentException.class, () -> Genotype.parse(text));
        assertTrue(e.getMessage().contains(mention), "'" + e.getMessage() + "' should mention " + mention);
    }

    @Test
    void badGenotypesSayWhatIsWrong() {
        String ok = Genotypes.resolve("PC_DARTS_cifar").toReferenceString();
        rejects(ok.replace("sep_conv_5x5", "sep_conv_9x9"), "unknown op 'sep_conv_9x9'");
        rejects(ok.replace("('avg_pool_3x3', 0)", "('avg_pool_3x3', 5)"), "reads state 5");
        rejects(ok.replace("('sep_conv_3x3', 1), ('skip_connect', 0), ", ""), "normal");
        rejects("Genotype(normal=[('sep_conv_3x3', 1)", "normal");
        rejects("hello", "not a genotype");
        rejects("{\"normal\": [[\"sep_conv_3x3\"]], \"normal_concat\": [2], \"reduce\": [], \"reduce_concat\": [2]}", "[op, input]");
        rejects("{\"normal\": [[\"sep_conv_3x3\", 0]], \"normal_concat\": [2], \"reduce\": []}", "lacks the list 'reduce_concat'");
        rejects(ok.replace("reduce_concat=[2, 3, 4, 5]", "reduce_concat=[2, 9]"), "reduce_concat index 9");
        assertThrows(IllegalArgumentException.class, () -> Genotypes.resolve("NoSuchNet"));
    }

    @Test
    void partialChannelsMustDivideTheChannels() {
        var init = new Init(new VectorBackend(1, true), new RandomStream(0));
        var e = assertThrows(IllegalArgumentException.class,
                () -> new MixedOp(init, 6, 1, Relaxation.PC_DARTS, Primitive.SEARCH_SPACE, null));
        assertTrue(e.getMessage().contains("K=4") && e.getMessage().contains("6"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Relaxation.PC_DARTS.withK(3));
    }
}

package dev.pcdarts.nas.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.pcdarts.engine.autograd.GradMode;
import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.nn.Init;
import dev.pcdarts.engine.nn.MacCounter;
import dev.pcdarts.engine.rng.RandomStream;
import dev.pcdarts.engine.tensor.Tensor;
import dev.pcdarts.nas.eval.EvalNetwork;
import dev.pcdarts.nas.genotype.Genotypes;
import dev.pcdarts.nas.search.Relaxation;
import dev.pcdarts.nas.search.SearchNetwork;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** facts__parameter_counts: parameter and multiply-accumulate counts of full-size networks. */
final class FactsCase {
    private FactsCase() {}

    private static final Pattern EVAL = Pattern.compile("Network(CIFAR|ImageNet)\\(C=(\\d+),layers=(\\d+)(?:,aux=(True|False))?,(\\w+)\\)(?: 3x(\\d+)x\\d+)?");
    private static final Pattern SEARCH = Pattern.compile("search Network\\(C=(\\d+)(?:,classes=(\\d+))?,layers=(\\d+)\\)(?: weights| 3x(\\d+)x\\d+)?");

    @SuppressWarnings("unchecked")
    static void run(GoldenCase c, Backend b) {
        Map<String, Object> counts = (Map<String, Object>) c.raw().get("counts");
        Map<String, Object> macs = (Map<String, Object>) c.raw().get("macs");
        if (counts == null && macs == null) fail(c.name() + ": a facts case without counts or macs: the suite cannot run it");
        if (counts != null) for (var e : counts.entrySet()) assertEquals(((Number) e.getValue()).longValue(), measure(b, e.getKey(), false), e.getKey());
        if (macs != null) for (var e : macs.entrySet()) assertEquals(((Number) e.getValue()).longValue(), measure(b, e.getKey(), true), e.getKey());
    }

    private static long measure(Backend b, String key, boolean macs) {
        Init init = new Init(b, new RandomStream(0));
        Matcher m = EVAL.matcher(key);
        if (m.matches()) {
            boolean imagenet = m.group(1).equals("ImageNet");
            int classes = imagenet ? 1000 : 10;
            EvalNetwork net = new EvalNetwork(init, new EvalNetwork.Config(Integer.parseInt(m.group(2)), classes,
                    Integer.parseInt(m.group(3)), !"False".equals(m.group(4)), Genotypes.resolve(m.group(5)), imagenet));
            if (!macs) return net.parameterCountWithoutAuxiliary();
            int size = Integer.parseInt(m.group(6));
            net.train(false);
            return countMacs(() -> net.forward(Tensor.zeros(b, 1, 3, size, size)));
        }
        m = SEARCH.matcher(key);
        if (m.matches()) {
            int classes = m.group(2) == null ? 10 : Integer.parseInt(m.group(2));
            SearchNetwork net = new SearchNetwork(init, new RandomStream(1), new RandomStream(2),
                    SearchNetwork.Config.cifar(Integer.parseInt(m.group(1)), classes, Integer.parseInt(m.group(3)), Relaxation.PC_DARTS));
            if (!macs) return net.parameterCount();
            int size = Integer.parseInt(m.group(4));
            net.train(false);
            return countMacs(() -> net.forward(Tensor.zeros(b, 1, 3, size, size)));
        }
        fail("facts: cannot read the network description '" + key + "'");
        return -1;
    }

    private static long countMacs(Runnable forward) {
        try (var s = GradMode.noGrad()) {
            return MacCounter.count(forward);
        }
    }
}

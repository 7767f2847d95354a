package dev.pcdarts.nas.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.pcdarts.engine.autograd.Autograd;
import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.nn.AvgPool2d;
import dev.pcdarts.engine.nn.BatchNorm2d;
import dev.pcdarts.engine.nn.Conv2d;
import dev.pcdarts.engine.nn.Init;
import dev.pcdarts.engine.nn.Linear;
import dev.pcdarts.engine.nn.MaxPool2d;
import dev.pcdarts.engine.nn.Module;
import dev.pcdarts.engine.nn.Relu;
import dev.pcdarts.engine.nn.UnaryModule;
import dev.pcdarts.engine.ops.ArithOps;
import dev.pcdarts.engine.ops.ChannelOps;
import dev.pcdarts.engine.ops.LossOps;
import dev.pcdarts.engine.ops.PoolOps;
import dev.pcdarts.engine.optim.Adam;
import dev.pcdarts.engine.optim.Sgd;
import dev.pcdarts.engine.rng.RandomStream;
import dev.pcdarts.engine.tensor.Tensor;
import dev.pcdarts.nas.eval.EvalNetwork;
import dev.pcdarts.nas.genotype.Genotype;
import dev.pcdarts.nas.genotype.Genotypes;
import dev.pcdarts.nas.loop.Batch;
import dev.pcdarts.nas.ops.ConvBlocks;
import dev.pcdarts.nas.ops.FactorizedReduce;
import dev.pcdarts.nas.ops.Primitive;
import dev.pcdarts.nas.ops.Wrapped;
import dev.pcdarts.nas.search.MixedOp;
import dev.pcdarts.nas.search.Relaxation;
import dev.pcdarts.nas.search.SearchCell;
import dev.pcdarts.nas.search.SearchNetwork;
import dev.pcdarts.nas.strategy.Architect;
import dev.pcdarts.nas.train.SearchStep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs one golden case on a backend. Parameter names in the cases are the reference's module
 * paths; the project's modules use the very same paths, so the name table is the identity.
 */
final class GoldenRunner {
    private GoldenRunner() {}

    static void run(GoldenCase c, Backend b) {
        switch (c.kind()) {
            case "module" -> module(c, b);
            case "loss" -> loss(c, b);
            case "network" -> network(c, b);
            case "search_step" -> searchStep(c, b);
            case "facts" -> FactsCase.run(c, b);
            default -> fail(c.name() + ": unknown kind '" + c.kind() + "': the suite cannot run this case");
        }
    }

    /** A module and how to call it with the case's named inputs. */
    private record Built(Module module, Function<Map<String, Tensor>, Tensor> forward) {}

    /** A stateless function as a module. */
    private static final class Fn extends UnaryModule {
        private final Function<Tensor, Tensor> f;

        Fn(Function<Tensor, Tensor> f) {
            this.f = f;
        }

        @Override
        public Tensor forward(Tensor x) {
            return f.apply(x);
        }
    }

    private static Built unary(UnaryModule m) {
        return new Built(m, in -> m.forward(in.get("x")));
    }

    private static Built build(GoldenCase c, Init init) {
        Map<String, Object> cfg = c.config();
        if (cfg.containsKey("primitives")) {
            @SuppressWarnings("unchecked")
            List<Primitive> prims = ((List<Object>) cfg.get("primitives")).stream().map(o -> Primitive.byName((String) o)).toList();
            MixedOp op = new MixedOp(init, c.configInt("C"), c.configInt("stride"), Relaxation.PC_DARTS.withK(c.configInt("k")), prims, null);
            return new Built(op, in -> op.forward(in.get("x"), in.get("w"), 0));
        }
        if (cfg.containsKey("steps") && cfg.containsKey("reduction")) {
            SearchCell cell = new SearchCell(init, c.configInt("steps"), c.configInt("multiplier"), c.configInt("C_prev_prev"),
                    c.configInt("C_prev"), c.configInt("C"), c.configBool("reduction"), c.configBool("reduction_prev"),
                    Relaxation.PC_DARTS.withK(c.configInt("k")), Primitive.SEARCH_SPACE, null);
            return new Built(cell, in -> cell.forward(in.get("s0"), in.get("s1"), in.get("weights"), in.get("weights2")));
        }
        String op = c.configString("op");
        if (op == null) fail(c.name() + ": module case without an op: the suite cannot run it");
        boolean affine = c.configBool("affine");
        return switch (op) {
            case "conv2d" -> unary(new Conv2d(init, c.configInt("cin"), c.configInt("cout"), c.configInt("k"), c.configInt("stride"),
                    c.configInt("pad"), c.configInt("dil"), c.configInt("groups")));
            case "batch_norm" -> unary(new BatchNorm2d(init, c.configInt("channels"), affine));
            case "linear" -> unary(new Linear(init, c.configInt("in"), c.configInt("out")));
            case "relu" -> unary(new Relu());
            case "max_pool" -> unary(new MaxPool2d(c.configInt("k"), c.configInt("stride"), c.configInt("pad")));
            case "avg_pool" -> {
                assertTrue(!c.configBool("count_include_pad"), "only count_include_pad=false is implemented");
                yield unary(new AvgPool2d(c.configInt("k"), c.configInt("stride"), c.configInt("pad")));
            }
            case "global_avg_pool" -> unary(new Fn(PoolOps::globalAvgPool));
            case "channel_shuffle" -> unary(new Fn(x -> ChannelOps.shuffle(x, c.configInt("groups"))));
            case "softmax" -> {
                assertEquals(-1, c.configInt("dim"), "softmax over the last dimension only");
                yield unary(new Fn(LossOps::softmax));
            }
            case "factorized_reduce" -> unary(new FactorizedReduce(init, c.configInt("cin"), c.configInt("cout"), affine));
            case "relu_conv_bn" -> unary(new Wrapped("relu_conv_bn", ConvBlocks.reluConvBn(init, c.configInt("cin"), c.configInt("cout"),
                    c.configInt("k"), c.configInt("stride"), c.configInt("pad"), affine)));
            default -> {
                // The affine=false pool cases are the search-time op: the pool followed by BN(affine=false) as module '1'.
                Primitive p = Primitive.byName(op);
                yield unary(p.isPool() && !affine ? p.buildForSearch(init, c.configInt("C"), c.configInt("stride"))
                        : p.build(init, c.configInt("C"), c.configInt("stride"), affine));
            }
        };
    }

    private static Tensor tensor(Backend b, GoldenCase.Value v) {
        return Tensor.of(b, v.f(), v.shape());
    }

    /** Copies the case's params and buffers in; the model must have exactly those names. */
    private static void load(GoldenCase c, Map<String, Tensor> params, Map<String, Tensor> buffers) {
        assertEquals(new java.util.TreeSet<>(c.params().keySet()), new java.util.TreeSet<>(params.keySet()), c.name() + ": parameter names");
        assertEquals(new java.util.TreeSet<>(c.buffers().keySet()), new java.util.TreeSet<>(buffers.keySet()), c.name() + ": buffer names");
        for (var e : c.params().entrySet()) copy(c, e.getKey(), e.getValue(), params.get(e.getKey()));
        for (var e : c.buffers().entrySet()) copy(c, e.getKey(), e.getValue(), buffers.get(e.getKey()));
    }

    private static void copy(GoldenCase c, String name, GoldenCase.Value v, Tensor t) {
        assertEquals(java.util.Arrays.toString(v.shape()), java.util.Arrays.toString(t.shape()), c.name() + ": shape of " + name);
        t.copyFrom(v.f());
    }

    private static Map<String, Tensor> gradsOf(Map<String, Tensor> tensors) {
        Map<String, Tensor> g = new LinkedHashMap<>();
        for (var e : tensors.entrySet()) g.put(e.getKey(), e.getValue().grad() != null ? e.getValue().grad() : e.getValue().zerosLike());
        return g;
    }

    private static void module(GoldenCase c, Backend b) {
        Init init = new Init(b, new RandomStream(1));
        Built built = build(c, init);
        load(c, built.module().namedParameters(), built.module().namedBuffers());
        built.module().train(!"eval".equals(c.configString("mode")));
        Map<String, Tensor> in = new LinkedHashMap<>();
        for (var e : c.inputs().entrySet()) {
            if (!e.getKey().equals("grad_out")) in.put(e.getKey(), tensor(b, e.getValue()).requiresGrad(true));
        }
        Tensor out = built.forward().apply(in);
        GoldenAssert.close(c, "out", c.outputs().get("out"), out);
        Autograd.backward(out, tensor(b, c.inputs().get("grad_out")));
        Map<String, Tensor> all = new LinkedHashMap<>(gradsOf(in));
        all.putAll(gradsOf(built.module().namedParameters()));
        GoldenAssert.allClose(c, "grad", c.grads(), all);
        GoldenAssert.allClose(c, "buffer after", c.buffersAfter(), built.module().namedBuffers());
    }

    private static void loss(GoldenCase c, Backend b) {
        Tensor logits = tensor(b, c.inputs().get("logits")).requiresGrad(true);
        float smoothing = ((Number) c.config().get("label_smoothing")).floatValue();
        Tensor loss = LossOps.crossEntropy(logits, c.inputs().get("target").i(), smoothing);
        GoldenAssert.close(c, "loss", c.outputs().get("loss"), loss);
        loss.backward();
        GoldenAssert.close(c, "grad logits", c.grads().get("logits"), logits.grad());
    }

    private static void network(GoldenCase c, Backend b) {
        Init init = new Init(b, new RandomStream(1));
        Tensor x = tensor(b, c.inputs().get("x"));
        int[] y = c.inputs().get("target").i();
        if (c.config().containsKey("genotype")) {
            Genotype g = Genotypes.resolve(c.configString("genotype"));
            EvalNetwork net = new EvalNetwork(init, new EvalNetwork.Config(c.configInt("C"), c.configInt("classes"), c.configInt("layers"),
                    c.configBool("auxiliary"), g, false));
            load(c, net.namedParameters(), net.namedBuffers());
            net.train(true);
            EvalNetwork.Output out = net.forward(x);
            float auxWeight = ((Number) c.config().get("auxiliary_weight")).floatValue();
            Tensor loss = ArithOps.add(LossOps.crossEntropy(out.logits(), y, 0f),
                    ArithOps.scale(LossOps.crossEntropy(out.logitsAux(), y, 0f), auxWeight));
            GoldenAssert.close(c, "logits", c.outputs().get("logits"), out.logits());
            GoldenAssert.close(c, "logits_aux", c.outputs().get("logits_aux"), out.logitsAux());
            GoldenAssert.close(c, "loss", c.outputs().get("loss"), loss);
            loss.backward();
            GoldenAssert.allClose(c, "grad", c.grads(), gradsOf(net.namedParameters()));
            return;
        }
        SearchNetwork net = searchNetwork(c, init);
        Map<String, Tensor> params = allParams(net);
        load(c, params, net.namedBuffers());
        net.train(true);
        Tensor logits = net.forward(x);
        Tensor loss = LossOps.crossEntropy(logits, y, 0f);
        GoldenAssert.close(c, "logits", c.outputs().get("logits"), logits);
        GoldenAssert.close(c, "loss", c.outputs().get("loss"), loss);
        loss.backward();
        GoldenAssert.allClose(c, "grad", c.grads(), gradsOf(params));
        @SuppressWarnings("unchecked")
        Map<String, Object> expected = (Map<String, Object>) ((Map<String, Object>) c.raw().get("outputs")).get("genotype");
        if (expected != null) assertEquals(Genotype.fromJsonMap(expected), net.genotype(), c.name() + ": derived genotype");
    }

    private static SearchNetwork searchNetwork(GoldenCase c, Init init) {
        int k = c.config().containsKey("k") ? c.configInt("k") : 4;
        SearchNetwork.Config cfg = SearchNetwork.Config.cifar(c.configInt("C"), c.configInt("classes"), c.configInt("layers"),
                Relaxation.PC_DARTS.withK(k));
        return new SearchNetwork(init, new RandomStream(2), new RandomStream(3), cfg);
    }

    private static Map<String, Tensor> allParams(SearchNetwork net) {
        Map<String, Tensor> all = new LinkedHashMap<>(net.namedParameters());
        all.putAll(net.archParameters());
        return all;
    }

    private static void searchStep(GoldenCase c, Backend b) {
        SearchNetwork net = searchNetwork(c, new Init(b, new RandomStream(1)));
        Map<String, Tensor> params = allParams(net);
        load(c, params, net.namedBuffers());
        Map<String, Object> cfg = c.config();
        float lr = ((Number) cfg.get("lr")).floatValue();
        Sgd sgd = new Sgd(new ArrayList<>(net.namedParameters().values()), lr, ((Number) cfg.get("momentum")).floatValue(),
                ((Number) cfg.get("weight_decay")).floatValue());
        @SuppressWarnings("unchecked")
        List<Object> betas = (List<Object>) cfg.get("arch_betas");
        Adam adam = new Adam(new ArrayList<>(net.archParameters().values()), ((Number) cfg.get("arch_lr")).floatValue(),
                ((Number) betas.get(0)).floatValue(), ((Number) betas.get(1)).floatValue(), 1e-8f,
                ((Number) cfg.get("arch_weight_decay")).floatValue());
        Architect architect = new Architect(net, adam, false, 0.9f, 3e-4f);
        SearchStep step = new SearchStep(net, sgd, architect, ((Number) cfg.get("grad_clip")).doubleValue());
        int iterations = c.configInt("iterations");
        for (int it = 0; it < iterations; it++) {
            String suffix = it == 0 ? "" : Integer.toString(it + 1);
            Batch train = new Batch(tensor(b, c.inputs().get("train" + suffix + "_x")), c.inputs().get("train" + suffix + "_y").i());
            Batch val = new Batch(tensor(b, c.inputs().get("val" + suffix + "_x")), c.inputs().get("val" + suffix + "_y").i());
            SearchStep.Result r = step.run(train, val, true);
            GoldenAssert.close(c, "train_loss_iter" + it, c.outputs().get("train_loss_iter" + it), new float[] {r.loss()}, null);
        }
        GoldenAssert.allClose(c, "param after", c.paramsAfter(), params);
        GoldenAssert.allClose(c, "buffer after", c.buffersAfter(), net.namedBuffers());
    }
}

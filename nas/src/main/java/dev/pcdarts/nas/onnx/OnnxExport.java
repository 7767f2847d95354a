package dev.pcdarts.nas.onnx;

import dev.pcdarts.engine.nn.AvgPool2d;
import dev.pcdarts.engine.nn.BatchNorm2d;
import dev.pcdarts.engine.nn.Conv2d;
import dev.pcdarts.engine.nn.Identity;
import dev.pcdarts.engine.nn.Linear;
import dev.pcdarts.engine.nn.MaxPool2d;
import dev.pcdarts.engine.nn.Module;
import dev.pcdarts.engine.nn.Relu;
import dev.pcdarts.engine.nn.Sequential;
import dev.pcdarts.engine.ops.BatchNormOp;
import dev.pcdarts.engine.tensor.Tensor;
import dev.pcdarts.io.AtomicFiles;
import dev.pcdarts.nas.eval.EvalCell;
import dev.pcdarts.nas.eval.EvalNetwork;
import dev.pcdarts.nas.ops.FactorizedReduce;
import dev.pcdarts.nas.ops.Wrapped;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluation network as an ONNX model for inference: eval mode (BatchNorm with its running
 * statistics), no drop-path and no auxiliary head. Input {@code images} [batch, C, H, W],
 * output {@code logits} [batch, classes]; the initializers carry the state_dict's names. CIFAR
 * networks take any even H and W (global pooling), ImageNet ones 224×224 (AvgPool 7).
 */
public final class OnnxExport {
    public static final String INPUT = "images";
    public static final String OUTPUT = "logits";

    private final OnnxGraph g = new OnnxGraph(INPUT);
    private final Map<Tensor, String> tensorNames = new IdentityHashMap<>();

    private OnnxExport(EvalNetwork net) {
        for (var e : net.namedState().entrySet()) tensorNames.put(e.getValue(), e.getKey());
    }

    /** The ModelProto's bytes. */
    public static byte[] model(EvalNetwork net) {
        EvalNetwork.Config cfg = net.config();
        OnnxExport x = new OnnxExport(net);
        String s0;
        String s1;
        if (cfg.imagenet()) {
            s0 = x.unary("stem0", net.stem0(), INPUT);
            s1 = x.unary("stem1", net.stem1(), s0);
        } else {
            s0 = s1 = x.unary("stem", net.stem(), INPUT);
        }
        List<EvalCell> cells = net.cells();
        for (int i = 0; i < cells.size(); i++) {
            String out = x.cell("cells." + i, cells.get(i), s0, s1);
            s0 = s1;
            s1 = out;
        }
        String pooled = cfg.imagenet()
                ? x.g.node("AveragePool", "global_pooling", null, List.of(s1), OnnxGraph.Attr.ints("kernel_shape", 7, 7),
                        OnnxGraph.Attr.ints("strides", 7, 7), OnnxGraph.Attr.i("count_include_pad", 0))
                : x.g.node("GlobalAveragePool", "global_pooling", null, List.of(s1));
        String flat = x.g.node("Flatten", "classifier", null, List.of(pooled), OnnxGraph.Attr.i("axis", 1));
        Linear fc = net.classifier();
        x.g.node("Gemm", "classifier", OUTPUT, List.of(flat, x.weight(fc.weight()), x.weight(fc.bias())), OnnxGraph.Attr.i("transB", 1));
        Object[] chw = cfg.imagenet() ? new Object[] {cfg.inChannels(), 224, 224} : new Object[] {cfg.inChannels(), "height", "width"};
        String doc = (cfg.imagenet() ? "NetworkImageNet" : "NetworkCIFAR") + "(C=" + cfg.c() + ", classes=" + cfg.classes() + ", layers="
                + cfg.layers() + ", genotype=" + cfg.genotype().toReferenceString() + ") in eval mode, written by pcdarts";
        return x.g.model(cfg.imagenet() ? "NetworkImageNet" : "NetworkCIFAR", INPUT, chw, OUTPUT, cfg.classes(), doc);
    }

    /** Writes {@link #model} to {@code out} atomically (temp file, fsync, rename). */
    public static void write(EvalNetwork net, Path out) throws IOException {
        AtomicFiles.write(out, ByteBuffer.wrap(model(net)));
    }

    private String weight(Tensor t) {
        String name = tensorNames.get(t);
        if (name == null) throw new IllegalStateException("a tensor outside the network's state_dict");
        return g.floats(name, t.shape(), t.toArray());
    }

    private String constant(String hint, int channels, float value) {
        float[] v = new float[channels];
        Arrays.fill(v, value);
        return g.floats(hint + "_" + (value == 0f ? "zeros" : "ones"), new int[] {channels}, v);
    }

    private String cell(String path, EvalCell cell, String s0, String s1) {
        List<String> states = new ArrayList<>();
        states.add(unary(path + ".preprocess0", cell.preprocess0(), s0));
        states.add(unary(path + ".preprocess1", cell.preprocess1(), s1));
        int[] in = cell.inputs();
        var ops = cell.ops();
        for (int i = 0; i < in.length / 2; i++) {
            String h1 = unary(path + "._ops." + (2 * i), ops.get(2 * i), states.get(in[2 * i]));
            String h2 = unary(path + "._ops." + (2 * i + 1), ops.get(2 * i + 1), states.get(in[2 * i + 1]));
            states.add(g.node("Add", path + ".node" + (i + 2), null, List.of(h1, h2)));
        }
        List<String> parts = cell.concat().stream().map(states::get).toList();
        return g.node("Concat", path, null, parts, OnnxGraph.Attr.i("axis", 1));
    }

    /** The nodes of one module applied to {@code x}; returns the output's name. */
    private String unary(String path, Module m, String x) {
        return switch (m) {
            case Sequential s -> {
                String y = x;
                var layers = s.layers();
                for (int i = 0; i < layers.size(); i++) y = unary(path + "." + i, layers.get(i), y);
                yield y;
            }
            case Wrapped w -> unary(path + ".op", w.op(), x);
            case Identity id -> x;
            case Relu r -> g.node("Relu", path, null, List.of(x));
            case Conv2d c -> conv(path, c, x);
            case BatchNorm2d bn -> batchNorm(path, bn, x);
            case MaxPool2d p -> g.node("MaxPool", path, null, List.of(x), OnnxGraph.Attr.ints("kernel_shape", p.kernel(), p.kernel()),
                    OnnxGraph.Attr.ints("strides", p.stride(), p.stride()), pads(p.padding(), p.padding()));
            case AvgPool2d p -> g.node("AveragePool", path, null, List.of(x), OnnxGraph.Attr.ints("kernel_shape", p.kernel(), p.kernel()),
                    OnnxGraph.Attr.ints("strides", p.stride(), p.stride()), pads(p.padding(), p.padding()),
                    OnnxGraph.Attr.i("count_include_pad", 0));
            case FactorizedReduce f -> {
                String r = g.node("Relu", path + ".relu", null, List.of(x));
                String a = conv(path + ".conv_1", f.conv1(), r);
                String shifted = g.node("Slice", path, null, List.of(r, g.int64s(path + ".starts", 1, 1),
                        g.int64s(path + ".ends", Long.MAX_VALUE, Long.MAX_VALUE), g.int64s(path + ".axes", 2, 3)));
                String b = conv(path + ".conv_2", f.conv2(), shifted);
                yield batchNorm(path + ".bn", f.bn(), g.node("Concat", path, null, List.of(a, b), OnnxGraph.Attr.i("axis", 1)));
            }
            default -> throw new IllegalArgumentException("no ONNX mapping for " + m.getClass().getSimpleName() + " at " + path);
        };
    }

    private static OnnxGraph.Attr pads(int ph, int pw) {
        return OnnxGraph.Attr.ints("pads", ph, pw, ph, pw);
    }

    private String conv(String path, Conv2d c, String x) {
        Conv2d.Hyper h = c.hyper();
        int[] w = c.weight().shape();
        return g.node("Conv", path, null, List.of(x, weight(c.weight())), OnnxGraph.Attr.ints("kernel_shape", w[2], w[3]),
                OnnxGraph.Attr.ints("strides", h.strideH(), h.strideW()), pads(h.padH(), h.padW()),
                OnnxGraph.Attr.ints("dilations", h.dilation(), h.dilation()), OnnxGraph.Attr.i("group", h.groups()));
    }

    private String batchNorm(String path, BatchNorm2d bn, String x) {
        BatchNormOp.Norm n = bn.norm();
        int c = n.runningMean().shape()[0];
        String scale = n.gamma() != null ? weight(n.gamma()) : constant(path + ".weight", c, 1f);
        String bias = n.beta() != null ? weight(n.beta()) : constant(path + ".bias", c, 0f);
        return g.node("BatchNormalization", path, null, List.of(x, scale, bias, weight(n.runningMean()), weight(n.runningVar())),
                OnnxGraph.Attr.f("epsilon", n.eps()));
    }
}

package dev.pcdarts.nas.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.nn.Init;
import dev.pcdarts.engine.rng.RandomStream;
import dev.pcdarts.engine.tensor.Tensor;
import dev.pcdarts.nas.eval.EvalNetwork;
import dev.pcdarts.nas.genotype.Genotypes;
import dev.pcdarts.vector.VectorBackend;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported ONNX model, run by ONNX Runtime, gives our eval-mode logits within the tolerance
 * of the interchange test (the reference's logits against ours): CIFAR and ImageNet networks,
 * and one genotype that uses every candidate op.
 */
class OnnxExportTest {
    private static final Backend B = new VectorBackend(2, true);
    private static final double ATOL = 1e-4;
    private static final double RTOL = 1e-3;
    /** Every op a genotype may keep (not 'none'), in both cells, the stride-2 variants in the reduction cell. */
    private static final String ALL_OPS = "Genotype(normal=[('max_pool_3x3', 0), ('avg_pool_3x3', 1), ('sep_conv_5x5', 0), ('dil_conv_5x5', 2),"
            + " ('sep_conv_7x7', 1), ('conv_7x1_1x7', 3), ('sep_conv_3x3', 2), ('skip_connect', 4)], normal_concat=[2, 3, 4, 5],"
            + " reduce=[('max_pool_3x3', 0), ('avg_pool_3x3', 1), ('skip_connect', 0), ('dil_conv_3x3', 1), ('sep_conv_3x3', 0),"
            + " ('conv_7x1_1x7', 1), ('sep_conv_5x5', 1), ('dil_conv_5x5', 4)], reduce_concat=[2, 3, 4, 5])";

    @TempDir Path tmp;

    /** A seeded network whose BatchNorms have running statistics and affine parameters other than 0 and 1. */
    static EvalNetwork network(EvalNetwork.Config cfg) {
        EvalNetwork net = new EvalNetwork(new Init(B, new RandomStream(11)), cfg);
        RandomStream r = new RandomStream(5);
        for (var e : net.namedState().entrySet()) {
            String k = e.getKey();
            float lo = k.endsWith("running_var") || (k.endsWith(".weight") && e.getValue().rank() == 1) ? 0.5f : -0.3f;
            float hi = lo > 0 ? 1.5f : 0.3f;
            if (k.endsWith("running_mean") || k.endsWith("running_var") || e.getValue().rank() == 1 && !k.startsWith("classifier")) {
                float[] v = new float[(int) e.getValue().numel()];
                for (int i = 0; i < v.length; i++) v[i] = r.uniform(lo, hi);
                e.getValue().copyFrom(v);
            }
        }
        net.train(false);
        return net;
    }

    private static float[] images(int n, int c, int h, int w, long seed) {
        RandomStream r = new RandomStream(seed);
        float[] x = new float[n * c * h * w];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        return x;
    }

    /** Runs the model in ONNX Runtime and checks it against our forward pass on a batch of {@code n}. */
    private static void assertSameLogits(EvalNetwork net, byte[] model, int n, int c, int h, int w) throws OrtException {
        float[] x = images(n, c, h, w, 3 + n);
        float[] ours = net.forward(Tensor.of(B, x, n, c, h, w)).logits().toArray();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(1);
            try (OrtSession s = env.createSession(model, opts);
                 OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {n, c, h, w});
                 OrtSession.Result r = s.run(Map.of(OnnxExport.INPUT, in))) {
                assertEquals(java.util.Set.of(OnnxExport.INPUT), s.getInputNames());
                assertEquals(OnnxExport.OUTPUT, s.getOutputNames().iterator().next());
                long[] inShape = ((TensorInfo) s.getInputInfo().get(OnnxExport.INPUT).getInfo()).getShape();
                assertEquals(-1, inShape[0], "a symbolic batch dimension");
                float[][] theirs = (float[][]) r.get(0).getValue();
                int classes = net.config().classes();
                assertEquals(n, theirs.length);
                for (int i = 0; i < n; i++) {
                    assertEquals(classes, theirs[i].length);
                    for (int j = 0; j < classes; j++) {
                        double want = ours[i * classes + j], got = theirs[i][j];
                        assertTrue(Math.abs(got - want) <= ATOL + RTOL * Math.abs(want),
                                "logit [" + i + "][" + j + "]: ONNX Runtime " + got + ", ours " + want);
                    }
                }
            }
        }
    }

    @Test
    void cifarNetworkGivesOurLogitsWithoutTheAuxiliaryHead() throws Exception {
        EvalNetwork net = network(new EvalNetwork.Config(4, 10, 5, true, Genotypes.resolve("PC_DARTS_cifar"), false));
        Path f = tmp.resolve("net.onnx");
        OnnxExport.write(net, f);
        byte[] model = Files.readAllBytes(f);
        assertArrayEquals(OnnxExport.model(net), model, "deterministic bytes");
        assertFalse(new String(model, StandardCharsets.ISO_8859_1).contains("auxiliary"), "the auxiliary head is training only");
        assertSameLogits(net, model, 3, 3, 32, 32);
        assertSameLogits(net, model, 1, 3, 16, 16); // batch and image size are free for CIFAR
        try (var dir = Files.list(tmp)) {
            assertEquals(1, dir.count(), "no temporary file is left");
        }
    }

    @Test
    void imagenetNetworkGivesOurLogits() throws Exception {
        EvalNetwork net = network(new EvalNetwork.Config(4, 5, 3, true, Genotypes.resolve("PC_DARTS_image"), true));
        assertSameLogits(net, OnnxExport.model(net), 2, 3, 224, 224);
    }

    @Test
    void everyCandidateOpMapsExactly() throws Exception {
        EvalNetwork net = network(new EvalNetwork.Config(4, 7, 3, false, Genotypes.resolve(ALL_OPS), false, 1));
        assertSameLogits(net, OnnxExport.model(net), 2, 1, 16, 16);
    }

    @Test
    void aFailedWriteLeavesTheOldFile() throws IOException {
        Path f = tmp.resolve("kept.onnx");
        Files.writeString(f, "old");
        Path dirAsFile = tmp.resolve("kept.onnx").resolve("x.onnx");
        EvalNetwork net = network(new EvalNetwork.Config(4, 10, 3, false, Genotypes.resolve("PC_DARTS_cifar"), false));
        org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> OnnxExport.write(net, dirAsFile));
        assertEquals("old", Files.readString(f));
    }
}

package dev.pcdarts.bench;

import dev.pcdarts.engine.backend.ConvGeometry;
import java.util.List;

/**
 * The convolution shapes of the PC-DARTS search network (batch 64; 32×32, 16×16, 8×8; 4 to 64
 * channels): with K = 4 the MixedOps see C/4 = 4, 8 and 16 channels, the preprocessing 1×1
 * convolutions 48..256 → 16..64 channels.
 */
final class KernelShapes {
    private KernelShapes() {}

    /** A named convolution: kind, channels in/out, spatial size, kernel, stride, pad, dilation, groups. */
    record Conv(String name, int n, int cin, int cout, int hw, int k, int stride, int pad, int dil, int groups) {
        ConvGeometry geometry() {
            return ConvGeometry.of(new int[] {n, cin, hw, hw}, new int[] {cout, cin / groups, k, k}, stride, pad, dil, groups);
        }

        double flops() {
            return 2.0 * geometry().macs();
        }
    }

    static final int BATCH = 64;

    static List<Conv> convs() {
        return List.of(
                new Conv("dense3x3_3to48_32", BATCH, 3, 48, 32, 3, 1, 1, 1, 1),
                new Conv("dw3x3_c4_32", BATCH, 4, 4, 32, 3, 1, 1, 1, 4),
                new Conv("dw3x3_c8_16", BATCH, 8, 8, 16, 3, 1, 1, 1, 8),
                new Conv("dw3x3_c16_8", BATCH, 16, 16, 8, 3, 1, 1, 1, 16),
                new Conv("dw5x5_c4_32", BATCH, 4, 4, 32, 5, 1, 2, 1, 4),
                new Conv("dw3x3_d2_c4_32", BATCH, 4, 4, 32, 3, 1, 2, 2, 4),
                new Conv("dw5x5_d2_c4_32", BATCH, 4, 4, 32, 5, 1, 4, 2, 4),
                new Conv("dw5x5_d2_c16_8", BATCH, 16, 16, 8, 5, 1, 4, 2, 16),
                new Conv("pw1x1_c4_32", BATCH, 4, 4, 32, 1, 1, 0, 1, 1),
                new Conv("pw1x1_c16_8", BATCH, 16, 16, 8, 1, 1, 0, 1, 1),
                new Conv("pw1x1_48to16_32", BATCH, 48, 16, 32, 1, 1, 0, 1, 1),
                new Conv("pw1x1_256to64_8", BATCH, 256, 64, 8, 1, 1, 0, 1, 1),
                new Conv("pw1x1_c36_32", BATCH, 36, 36, 32, 1, 1, 0, 1, 1), // NetworkCIFAR's separable convolutions (C=36)
                new Conv("pw1x1_c144_8", BATCH, 144, 144, 8, 1, 1, 0, 1, 1));
    }

    static Conv conv(String name) {
        return convs().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown conv shape " + name));
    }
}

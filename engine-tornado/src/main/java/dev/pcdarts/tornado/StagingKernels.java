package dev.pcdarts.tornado;

import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * The two kernels that move a tensor's values between a staging buffer (what crosses between
 * host and device) and its place in the device memory; ip = {offset into mem, count}.
 */
final class StagingKernels {
    private StagingKernels() {}

    /** mem[offset + i] = stage[i]: the device half of an upload. */
    static void copyIn(KernelContext k, FloatArray mem, FloatArray stage, IntArray ip) {
        int i = k.globalIdx;
        if (i < ip.get(1)) mem.set(ip.get(0) + i, stage.get(i));
    }

    /** stage[i] = mem[offset + i]: the device half of a download. */
    static void copyOut(KernelContext k, FloatArray mem, FloatArray stage, IntArray ip) {
        int i = k.globalIdx;
        if (i < ip.get(1)) stage.set(i, mem.get(ip.get(0) + i));
    }
}

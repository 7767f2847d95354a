package dev.pcdarts.tornado;

import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.common.TornadoFunctions.Task4;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * Every device kernel, with the room its launch parameters need: a kernel reads and writes only
 * the device memory, so a launch sends nothing to the device but those parameters.
 */
enum Kernel {
    FILL(ElementwiseKernels::fill),
    COPY(ElementwiseKernels::copy),
    ADD(ElementwiseKernels::add),
    AXPY(ElementwiseKernels::axpy),
    AXPY_INDEXED(ElementwiseKernels::axpyIndexed),
    SCALE_INDEXED(ElementwiseKernels::scaleIndexed),
    SCALE(ElementwiseKernels::scale),
    SCALE_SAMPLES(ElementwiseKernels::scaleSamples, 0, 4096),
    RELU(ElementwiseKernels::relu),
    RELU_BACKWARD(ElementwiseKernels::reluBackward),
    DOT_CHUNKS(ElementwiseKernels::dotChunks),
    DOTS_FINISH(ElementwiseKernels::dotsFinish, 256, 0),
    COPY_CHANNELS(ElementwiseKernels::copyChannels),
    PERMUTE_CHANNELS(ElementwiseKernels::permuteChannels, 4096, 0),
    GATHER_CHANNELS(ElementwiseKernels::gatherChannels, 8192, 0),
    SPATIAL_GATHER(ElementwiseKernels::spatialGather),
    SPATIAL_SCATTER(ElementwiseKernels::spatialScatter),
    SGD(ElementwiseKernels::sgd),
    ADAM(ElementwiseKernels::adam),
    CONV(ConvKernels::forward),
    CONV_BACKWARD_INPUT(ConvKernels::backwardInput),
    CONV_BACKWARD_WEIGHT(ConvKernels::backwardWeight),
    LINEAR(ConvKernels::linear),
    LINEAR_BACKWARD_INPUT(ConvKernels::linearBackwardInput),
    LINEAR_BACKWARD_WEIGHT(ConvKernels::linearBackwardWeight),
    LINEAR_BACKWARD_BIAS(ConvKernels::linearBackwardBias),
    BATCH_STATS(NormPoolKernels::batchStats),
    INV_STD(NormPoolKernels::invStd),
    BATCH_APPLY(NormPoolKernels::batchApply),
    BATCH_BACKWARD_SUMS(NormPoolKernels::batchBackwardSums),
    BATCH_BACKWARD_FINISH(NormPoolKernels::batchBackwardFinish),
    BATCH_BACKWARD_INPUT(NormPoolKernels::batchBackwardInput),
    MAX_POOL(NormPoolKernels::maxPool),
    MAX_POOL_BACKWARD(NormPoolKernels::maxPoolBackward),
    AVG_POOL(NormPoolKernels::avgPool),
    AVG_POOL_BACKWARD(NormPoolKernels::avgPoolBackward),
    GLOBAL_AVG(NormPoolKernels::globalAvg),
    GLOBAL_AVG_BACKWARD(NormPoolKernels::globalAvgBackward),
    SOFTMAX(LossKernels::softmax),
    SOFTMAX_BACKWARD(LossKernels::softmaxBackward),
    SEGMENT_SOFTMAX(LossKernels::segmentSoftmax, 256, 0),
    SEGMENT_SOFTMAX_BACKWARD(LossKernels::segmentSoftmaxBackward, 256, 0),
    CROSS_ENTROPY(LossKernels::crossEntropy, 8192, 1);


    /** Integer parameters of a launch beyond the offsets and the work-item count, unless a kernel needs more. */
    static final int INTS = 24;
    /** Float parameters of a launch, unless a kernel needs more. */
    static final int FLOATS = 8;

    final Task4<KernelContext, FloatArray, IntArray, FloatArray> body;
    /** Capacity of the launch's integer parameters (offsets and work-item count included). */
    final int ints;
    /** Capacity of the launch's float parameters. */
    final int floats;

    Kernel(Task4<KernelContext, FloatArray, IntArray, FloatArray> body) {
        this(body, INTS, FLOATS);
    }

    Kernel(Task4<KernelContext, FloatArray, IntArray, FloatArray> body, int ints, int floats) {
        this.body = body;
        this.ints = Dispatcher.OFFSETS + 1 + Math.max(ints, INTS);
        this.floats = Math.max(floats, FLOATS);
    }
}

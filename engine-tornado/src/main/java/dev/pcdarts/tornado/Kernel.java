package dev.pcdarts.tornado;

import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.common.TornadoFunctions.Task7;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * Every device kernel with the float slots it reads ({@code in}) and writes ({@code out}), as
 * bit masks over slots a–d: the dispatcher copies exactly those to and from the device.
 */
enum Kernel {
    FILL(ElementwiseKernels::fill, 0, 0b0001),
    COPY(ElementwiseKernels::copy, 0b0001, 0b0010),
    ADD(ElementwiseKernels::add, 0b0011, 0b0100),
    AXPY(ElementwiseKernels::axpy, 0b0011, 0b0010),
    SCALE(ElementwiseKernels::scale, 0b0001, 0b0010),
    SCALE_SAMPLES(ElementwiseKernels::scaleSamples, 0b0101, 0b0010),
    RELU(ElementwiseKernels::relu, 0b0001, 0b0010),
    RELU_BACKWARD(ElementwiseKernels::reluBackward, 0b0011, 0b0100),
    DOT_CHUNKS(ElementwiseKernels::dotChunks, 0b0011, 0b0100),
    COPY_CHANNELS(ElementwiseKernels::copyChannels, 0b0011, 0b0010),
    PERMUTE_CHANNELS(ElementwiseKernels::permuteChannels, 0b0001, 0b0010),
    SPATIAL_GATHER(ElementwiseKernels::spatialGather, 0b0001, 0b0010),
    SPATIAL_SCATTER(ElementwiseKernels::spatialScatter, 0b0001, 0b0010),
    SGD(ElementwiseKernels::sgd, 0b0111, 0b0101),
    ADAM(ElementwiseKernels::adam, 0b1111, 0b1101),
    CONV(ConvKernels::forward, 0b0011, 0b0100),
    CONV_BACKWARD_INPUT(ConvKernels::backwardInput, 0b0011, 0b0100),
    CONV_BACKWARD_WEIGHT(ConvKernels::backwardWeight, 0b0011, 0b0100),
    LINEAR(ConvKernels::linear, 0b0111, 0b1000),
    LINEAR_BACKWARD_INPUT(ConvKernels::linearBackwardInput, 0b0011, 0b0100),
    LINEAR_BACKWARD_WEIGHT(ConvKernels::linearBackwardWeight, 0b0011, 0b0100),
    LINEAR_BACKWARD_BIAS(ConvKernels::linearBackwardBias, 0b0001, 0b0010),
    BATCH_STATS(NormPoolKernels::batchStats, 0b0011, 0b0010),
    INV_STD(NormPoolKernels::invStd, 0b0001, 0b0010),
    BATCH_APPLY(NormPoolKernels::batchApply, 0b0011, 0b0100),
    BATCH_BACKWARD_SUMS(NormPoolKernels::batchBackwardSums, 0b0111, 0b1000),
    BATCH_BACKWARD_INPUT(NormPoolKernels::batchBackwardInput, 0b0111, 0b1000),
    MAX_POOL(NormPoolKernels::maxPool, 0b0001, 0b0010),
    MAX_POOL_BACKWARD(NormPoolKernels::maxPoolBackward, 0b0011, 0b0100),
    AVG_POOL(NormPoolKernels::avgPool, 0b0001, 0b0010),
    AVG_POOL_BACKWARD(NormPoolKernels::avgPoolBackward, 0b0001, 0b0100),
    GLOBAL_AVG(NormPoolKernels::globalAvg, 0b0001, 0b0010),
    GLOBAL_AVG_BACKWARD(NormPoolKernels::globalAvgBackward, 0b0001, 0b0010),
    SOFTMAX(LossKernels::softmax, 0b0001, 0b0010),
    SOFTMAX_BACKWARD(LossKernels::softmaxBackward, 0b0011, 0b0100),
    CROSS_ENTROPY(LossKernels::crossEntropy, 0b0001, 0b0110);


    final Task7<KernelContext, FloatArray, FloatArray, FloatArray, FloatArray, IntArray, FloatArray> body;
    final int in;
    final int out;

    Kernel(Task7<KernelContext, FloatArray, FloatArray, FloatArray, FloatArray, IntArray, FloatArray> body, int in, int out) {
        this.body = body;
        this.in = in;
        this.out = out;
    }
}

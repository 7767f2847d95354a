/**
 * ONNX export of the evaluation networks: a hand-written protobuf wire encoder, the few ONNX
 * messages a model needs (ModelProto, GraphProto, NodeProto, TensorProto, ValueInfoProto,
 * AttributeProto), and the mapping of each op of NetworkCIFAR/NetworkImageNet in eval mode to
 * ONNX operators (opset 17). Depends on engine-core and nas.eval/nas.ops only; the command line
 * and tests depend on it, nothing in the training code does.
 */
package dev.pcdarts.nas.onnx;

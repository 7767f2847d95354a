/**
 * The TornadoVM backend: every engine kernel as a TornadoVM task ({@code KernelContext} kernels,
 * one work-item per output element or per reduced row/channel), compiled by TornadoVM for its
 * OpenCL, PTX or SPIR-V devices. Nothing outside this package names a TornadoVM type, and the
 * provider touches none unless the TornadoVM runtime is on the module path.
 */
package dev.pcdarts.tornado;

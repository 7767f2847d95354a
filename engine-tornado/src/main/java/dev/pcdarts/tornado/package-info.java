/**
 * The TornadoVM backend: every engine kernel as a TornadoVM task ({@code KernelContext} kernels,
 * one work-item per output element or per reduced row/channel), compiled by TornadoVM for its
 * OpenCL, PTX or SPIR-V devices. Tensors live in one device memory for their whole life
 * ({@link dev.pcdarts.tornado.DeviceMemory}); kernels address them by offset, and values cross to
 * the host only through the backend's upload and download, which count what they move. Nothing
 * depends on this package but the service loader (through the provider); nothing outside it names
 * a TornadoVM type, and the provider touches none unless the TornadoVM runtime is on the module path.
 */
package dev.pcdarts.tornado;

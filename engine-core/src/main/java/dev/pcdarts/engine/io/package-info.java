/**
 * Tensor files: safetensors checkpoints (JSON header + little-endian tensors) written atomically,
 * PyTorch state_dicts read from safetensors or torch.save archives (a pickle subset that builds
 * nothing but dictionaries of tensors) and written as torch.save archives. The JSON and the
 * atomic writes come from the io module (the engine depends on nothing else but slf4j).
 */
package dev.pcdarts.engine.io;

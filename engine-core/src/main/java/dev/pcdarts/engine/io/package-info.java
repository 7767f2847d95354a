/**
 * Files: safetensors checkpoints (JSON header + little-endian tensors) written atomically,
 * PyTorch state_dicts read from safetensors or torch.save archives (a pickle subset that builds
 * nothing but dictionaries of tensors) and written as torch.save archives, and the small JSON reader/writer they need (the engine
 * depends on nothing but slf4j).
 */
package dev.pcdarts.engine.io;

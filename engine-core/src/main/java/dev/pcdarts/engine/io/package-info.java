/**
 * Files: safetensors checkpoints (JSON header + little-endian float32) written atomically,
 * and the small JSON reader/writer they need (the engine depends on nothing but slf4j).
 */
package dev.pcdarts.engine.io;

/**
 * What every module writes and reads besides tensors: a small strict JSON reader/writer and
 * atomic file replacement (temp file, fsync, rename). It depends on nothing, so that the engine,
 * nas and the command can all share it without the command naming an engine type.
 */
package dev.pcdarts.io;

/** The candidate operations of the DARTS search space (reference {@code operations.py}). */
package dev.pcdarts.nas.ops;

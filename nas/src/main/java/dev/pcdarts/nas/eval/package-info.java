/**
 * The evaluation networks built from a genotype (reference {@code model.py}): NetworkCIFAR and
 * NetworkImageNet with their auxiliary heads and drop-path.
 */
package dev.pcdarts.nas.eval;

/**
 * Genotypes: the discrete cells a search produces, their JSON and reference string forms, the
 * published genotypes, and the derivation from alphas and betas (reference {@code genotypes.py}).
 */
package dev.pcdarts.nas.genotype;

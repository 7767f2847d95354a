/**
 * PC-DARTS on the pcdarts engine: candidate ops, the partial-channel relaxation, search and
 * evaluation networks, genotypes, the architect and the loops. Depends on engine-core (and io) only,
 * so it runs unchanged on any backend.
 */
package dev.pcdarts.nas;

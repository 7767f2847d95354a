/**
 * Differential tests of whole networks: every vector kernel a network calls is checked against
 * its scalar twin on the same inputs. Test code only; depends on nas, engine-core and
 * engine-vector.
 */
package dev.pcdarts.nas.differential;

/**
 * Benchmarks: JMH benchmarks of the kernels the PC-DARTS search step spends its time in, the
 * FMA-throughput probe that gives the machine's peak, and a quick figures report for
 * {@code bench/README.md}.
 */
package dev.pcdarts.bench;

/**
 * The {@code pcdarts} command: search, train, test, model, genotype, data, backends and bench,
 * with run directories, progress, reports and the documented exit codes. The only module that
 * binds a logging backend.
 */
package dev.pcdarts.cli;

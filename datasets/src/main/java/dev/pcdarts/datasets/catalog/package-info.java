/**
 * The dataset catalogue: a {@link dev.pcdarts.datasets.catalog.DataSpec} (a name or a path) and
 * {@link dev.pcdarts.datasets.catalog.Datasets#open}, which detects the format and picks the
 * reader. Depends on the rest of datasets; used by the API and the command line.
 */
package dev.pcdarts.datasets.catalog;

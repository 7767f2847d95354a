/**
 * The prepared dataset format: an Arrow IPC file with columns {@code image} (fixed-size binary,
 * H·W·C uint8 in HWC order) and {@code label} (int32), one record batch per chunk, Zstandard
 * buffer compression, and the shape, class names and mean/std in the schema metadata. pyarrow
 * reads it as is: {@code pyarrow.ipc.open_file("x.arrow").read_pandas()}.
 */
package dev.pcdarts.datasets.arrow;

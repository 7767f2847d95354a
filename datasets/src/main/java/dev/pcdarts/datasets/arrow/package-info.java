/**
 * The prepared dataset format, {@code pcdarts-images-2}: an Arrow IPC file with columns {@code image}
 * (fixed-size binary, H·W·C uint8 in HWC order) and {@code label} (int32), one record batch per
 * chunk, Zstandard buffer compression, and the shape, class names and mean/std in the schema
 * metadata. The file's footer metadata {@code pcdarts.chunk_crc32c} lists one CRC32C per chunk (a
 * JSON list of eight hex digits each), over the chunk's image bytes in row order followed by its
 * labels as int32 little-endian; the reader checks a chunk before using any of its images. Files of
 * the first format, {@code pcdarts-images-1}, carry no checksums and are refused. pyarrow reads the
 * file as is: {@code pyarrow.ipc.open_file("x.arrow").read_pandas()}; recent versions show the
 * footer metadata as the reader's {@code .metadata}.
 */
package dev.pcdarts.datasets.arrow;

/** Downloads of the original archives: checksum-verified, resumable, written atomically. */
package dev.pcdarts.datasets.download;

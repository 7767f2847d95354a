/**
 * Where nas's jobs run: opening a backend by name or the best available, the list of installed
 * backends, and the kernel profile that bench reports. It is the one door from the command and
 * the Java API to engine-core's backend SPI, so that they name no engine type nas's API does not
 * hand them. It names no backend implementation: backends arrive by ServiceLoader.
 */
package dev.pcdarts.nas.compute;

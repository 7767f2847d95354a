/**
 * The backend SPI: a {@link dev.pcdarts.engine.backend.Backend} implements kernels (never
 * operators) over its own storage; {@link dev.pcdarts.engine.backend.BackendProvider}s are found
 * with {@link java.util.ServiceLoader} and chosen by {@link dev.pcdarts.engine.backend.Backends}.
 */
package dev.pcdarts.engine.backend;

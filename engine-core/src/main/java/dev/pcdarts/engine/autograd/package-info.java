/**
 * Define-by-run reverse-mode autograd: every operator output links to a {@link
 * dev.pcdarts.engine.autograd.Node} holding what its backward needs; {@link
 * dev.pcdarts.engine.autograd.Autograd#backward} walks them in reverse topological order.
 */
package dev.pcdarts.engine.autograd;

/**
 * Define-by-run reverse-mode autograd: every operator output links to a {@link
 * dev.pcdarts.engine.autograd.Node} holding what its backward needs; {@link
 * dev.pcdarts.engine.autograd.Autograd#backward} walks them in reverse topological order, adding
 * later contributions in place into gradients it owns ({@link dev.pcdarts.engine.autograd.FreshNode}).
 * {@link dev.pcdarts.engine.autograd.GradMode} says what records, {@link
 * dev.pcdarts.engine.autograd.Recompute} what backward recomputes instead of keeping, down to
 * whole blocks run a second time (activation checkpointing).
 */
package dev.pcdarts.engine.autograd;

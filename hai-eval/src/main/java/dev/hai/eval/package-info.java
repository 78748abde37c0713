/**
 * Golden datasets, metrics, determinism harness, version comparison and a regression gate for CI.
 *
 * <p>Not implemented yet: this package is a placeholder so that the module's coordinates and
 * package root are fixed. See the module's README.
 */
package dev.hai.eval;

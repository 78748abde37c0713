/**
 * Policy as code with OPA (in-process Wasm and remote server), kill switches, break-glass and compliance reports.
 *
 * <p>Not implemented yet: this package is a placeholder so that the module's coordinates and
 * package root are fixed. See the module's README.
 */
package dev.hai.governance;

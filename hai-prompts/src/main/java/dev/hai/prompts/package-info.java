/**
 * Versioned, hash-pinned prompt registry with labels, rollback, experiments and a lock file.
 *
 * <p>Not implemented yet: this package is a placeholder so that the module's coordinates and
 * package root are fixed. See the module's README.
 */
package dev.hai.prompts;

/** Runnable examples. */
package dev.hai.examples;

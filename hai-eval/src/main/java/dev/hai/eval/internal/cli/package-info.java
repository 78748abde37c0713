/** The hai-eval command line's picocli commands; not API. */
@NullMarked
package dev.hai.eval.internal.cli;

import org.jspecify.annotations.NullMarked;

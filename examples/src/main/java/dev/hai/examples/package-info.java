/**
 * Runnable examples, one {@code main} per use case. Start with {@link dev.hai.examples.QuickStart}
 * ({@code ./scripts/quickstart.sh}).
 */
@NullMarked
package dev.hai.examples;

import org.jspecify.annotations.NullMarked;

/** The {@code hai-cost} command line. Not API: start it through {@code dev.hai.core.cost.CostCli}. */
@NullMarked
package dev.hai.core.internal.cost.cli;

import org.jspecify.annotations.NullMarked;

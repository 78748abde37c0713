/** The picocli commands of {@code hai-governance}. Not API. */
@NullMarked
package dev.hai.governance.internal.cli;

import org.jspecify.annotations.NullMarked;

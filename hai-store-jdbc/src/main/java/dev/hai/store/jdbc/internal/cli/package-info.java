/** The picocli commands behind {@link dev.hai.store.jdbc.StoreCli}. Not API. */
@NullMarked
package dev.hai.store.jdbc.internal.cli;

import org.jspecify.annotations.NullMarked;

/** Migrations, the audit writer and the SQL behind the store. Not API. */
@NullMarked
package dev.hai.store.jdbc.internal;

import org.jspecify.annotations.NullMarked;

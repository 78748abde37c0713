package dev.hai.store.jdbc;

import dev.hai.core.route.ShadowStore;

/**
 * Shadow results in PostgreSQL ({@code hai_shadow_result}, scores in {@code hai_shadow_score}),
 * shared by every JVM; from {@link JdbcStore#shadowStore()}. Give it to {@code
 * RouteTable.Builder.shadowStore}.
 *
 * <p>{@link #append} inserts the result and its scores in one transaction and commits before it
 * returns; the shadow id is the key, so appending a result again keeps the first. {@link #read}
 * returns results in the order they were written. The {@code text} column is a model's answer about
 * a patient (PHI): restrict access to the tables as to the application's answers, or wrap the
 * store with {@link ShadowStore#redactingText}. Thread-safe; each operation takes one connection
 * from the DataSource.
 */
public interface JdbcShadowStore extends ShadowStore {}

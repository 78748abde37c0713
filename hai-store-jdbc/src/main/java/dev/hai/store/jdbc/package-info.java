/**
 * The shared store, over plain JDBC with a {@link javax.sql.DataSource} the application provides.
 *
 * <ul>
 *   <li>{@link dev.hai.store.jdbc.JdbcStore}: checks (or, in development, applies) the schema and
 *       makes the components; {@link dev.hai.store.jdbc.JdbcStore#migrate} applies the versioned SQL
 *       migrations shipped in the jar.
 *   <li>{@link dev.hai.store.jdbc.JdbcAuditSink}: the audit trail in PostgreSQL, with the same
 *       records and hash chain as the file sink, linear across any number of JVMs.
 *   <li>{@link dev.hai.store.jdbc.JdbcAuditLog}: verifies a chain in the table and exports it as
 *       JSON Lines files.
 *   <li>{@link dev.hai.store.jdbc.StoreCli}: the {@code hai-store} command line.
 * </ul>
 *
 * <p>Setup, the chain across JVMs and the operations runbook are in {@code docs/postgresql-store.md}.
 */
@NullMarked
package dev.hai.store.jdbc;

import org.jspecify.annotations.NullMarked;

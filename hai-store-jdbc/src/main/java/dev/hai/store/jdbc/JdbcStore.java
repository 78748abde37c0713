package dev.hai.store.jdbc;

import dev.hai.core.phi.PhiRedactor;
import dev.hai.eval.feedback.CallIndex;
import dev.hai.store.jdbc.internal.Migrations;
import dev.hai.store.jdbc.internal.PgBudgetStore;
import dev.hai.store.jdbc.internal.PgCallIndex;
import dev.hai.store.jdbc.internal.PgCostLedger;
import dev.hai.store.jdbc.internal.PgFeedbackStore;
import dev.hai.store.jdbc.internal.PgShadowStore;
import javax.sql.DataSource;

/**
 * The entry point of the JDBC store: applies the schema, and makes the components that share it.
 *
 * <p>The schema is created and changed only by the versioned SQL migrations shipped in this jar
 * ({@code db/migration/V<n>__<name>.sql}), applied explicitly, by a deployment step:
 *
 * <pre>{@code
 * SchemaStatus s = JdbcStore.migrate(dataSource);        // or: hai-store migrate --url jdbc:postgresql://...
 * }</pre>
 *
 * <p>and the application then opens the store, which only checks that the schema is current:
 *
 * <pre>{@code
 * JdbcStore store = JdbcStore.builder(dataSource).build();
 * JdbcAuditSink audit = store.auditSink().chainKey(key).build();
 * JdbcBudgetStore budgets = store.budgetStore();
 * JdbcCostLedger ledger = store.costLedger();
 * JdbcFeedbackStore feedback = store.feedbackStore(store.callIndex());
 * }</pre>
 *
 * <p>The tables are created in the first schema of the connection's {@code search_path}; point the
 * DataSource at another schema (for PostgreSQL, {@code currentSchema} in the URL) to keep them
 * apart. The database user that migrates needs {@code CREATE} on that schema; the application's
 * user needs only {@code SELECT}, {@code INSERT} and {@code UPDATE} on the tables, and {@code DELETE}
 * on {@code hai_budget_reservation}.
 *
 * <p>Immutable and thread-safe.
 */
public final class JdbcStore {
  private final DataSource dataSource;

  private JdbcStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Applies the migrations the database does not have yet, in one transaction, after checking the
   * ones it has against this jar's scripts (same SHA-256 checksum). Safe to run from several
   * processes at once: they take turns, and the later ones find nothing to do.
   *
   * @return the schema's status afterwards; {@link SchemaStatus#appliedNow()} lists what this call applied
   * @throws SchemaException if an applied migration was changed, or the database is newer than this
   *     jar; nothing is applied then
   * @throws StoreException if the database cannot be reached or a script fails (nothing is applied)
   */
  public static SchemaStatus migrate(DataSource dataSource) {
    return Migrations.migrate(required(dataSource), Migrations.bundled());
  }

  /**
   * Where the database's schema stands; changes nothing.
   *
   * @throws StoreException if the database cannot be reached
   */
  public static SchemaStatus status(DataSource dataSource) {
    return Migrations.status(required(dataSource), Migrations.bundled());
  }

  public static Builder builder(DataSource dataSource) {
    return new Builder(required(dataSource));
  }

  /** The DataSource the components take their connections from. */
  public DataSource dataSource() {
    return dataSource;
  }

  /** A builder of an audit sink writing to this store. */
  public JdbcAuditSink.Builder auditSink() {
    return new JdbcAuditSink.Builder(dataSource);
  }

  /** The budget store in this database, shared by every JVM that uses it. */
  public JdbcBudgetStore budgetStore() {
    return new PgBudgetStore(dataSource);
  }

  /** The cost ledger in this database. */
  public JdbcCostLedger costLedger() {
    return new PgCostLedger(dataSource);
  }

  /** The shadow-result store in this database ({@code hai_shadow_result}); see {@link JdbcShadowStore}. */
  public JdbcShadowStore shadowStore() {
    return new PgShadowStore(dataSource);
  }

  /**
   * The calls in this database's audit trail ({@code hai_audit_record}, every chain), for a
   * feedback store to check call ids against.
   */
  public CallIndex callIndex() {
    return new PgCallIndex(dataSource);
  }

  /**
   * Clinicians' feedback in this database, checked against {@code calls} (usually {@link
   * #callIndex()}); corrections stored as given.
   */
  public JdbcFeedbackStore feedbackStore(CallIndex calls) {
    return new PgFeedbackStore(dataSource, requiredIndex(calls), null);
  }

  /** As {@link #feedbackStore(CallIndex)}, with each correction redacted by {@code redactor} before it is stored. */
  public JdbcFeedbackStore feedbackStore(CallIndex calls, PhiRedactor redactor) {
    if (redactor == null) {
      throw new IllegalArgumentException("redactor is required");
    }
    return new PgFeedbackStore(dataSource, requiredIndex(calls), redactor);
  }

  private static CallIndex requiredIndex(CallIndex calls) {
    if (calls == null) {
      throw new IllegalArgumentException("calls (a CallIndex, e.g. store.callIndex()) is required");
    }
    return calls;
  }

  private static DataSource required(DataSource dataSource) {
    if (dataSource == null) {
      throw new IllegalArgumentException("dataSource is required");
    }
    return dataSource;
  }

  /** Opens a {@link JdbcStore}. */
  public static final class Builder {
    private final DataSource dataSource;
    private boolean migrateOnOpen;

    private Builder(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    /**
     * <b>Development only.</b> Whether {@link #build()} applies pending migrations itself, for a
     * laptop or a test database. In production leave it off (the default) and migrate as a
     * deployment step ({@link JdbcStore#migrate} or {@code hai-store migrate}), so that a schema
     * change is never a side effect of starting an application instance.
     */
    public Builder migrateOnOpen(boolean migrateOnOpen) {
      this.migrateOnOpen = migrateOnOpen;
      return this;
    }

    /**
     * Checks the schema (or migrates it, with {@link #migrateOnOpen}) and returns the store.
     *
     * @throws SchemaException if the schema is not current: migrations pending, an applied one
     *     changed, or the database newer than this jar
     * @throws StoreException if the database cannot be reached
     */
    public JdbcStore build() {
      SchemaStatus status = migrateOnOpen ? migrate(dataSource) : status(dataSource);
      if (!status.problems().isEmpty()) {
        throw new SchemaException("the HAI schema cannot be used: " + String.join("; ", status.problems()));
      }
      if (!status.pending().isEmpty()) {
        throw new SchemaException("the HAI schema is at version " + status.currentVersion() + " but this HAI needs "
            + status.latestVersion() + ": run JdbcStore.migrate(dataSource) or 'hai-store migrate' first");
      }
      return new JdbcStore(dataSource);
    }
  }
}

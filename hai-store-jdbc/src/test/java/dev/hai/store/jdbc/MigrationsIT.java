package dev.hai.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hai.store.jdbc.internal.Migrations;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The shipped migrations against a real PostgreSQL: applied once, checked by checksum, explicit. */
class MigrationsIT {
  private final DataSource ds = TestPostgres.get().freshSchema();

  @Test
  void migrate_emptySchema_appliesEveryScriptOnceAndRecordsIt() throws Exception {
    SchemaStatus first = JdbcStore.migrate(ds);
    List<Integer> shipped = Migrations.bundled().stream().map(Migrations.Script::version).toList();
    assertThat(first.appliedNow()).isEqualTo(shipped);
    assertThat(first.upToDate()).isTrue();
    assertThat(first.currentVersion()).isEqualTo(first.latestVersion());

    SchemaStatus again = JdbcStore.migrate(ds);
    assertThat(again.appliedNow()).isEmpty();
    assertThat(again.applied()).hasSize(shipped.size());
    assertThat(count("SELECT count(*) FROM hai_schema_version")).isEqualTo(shipped.size());
    assertThat(count("SELECT count(*) FROM hai_audit_record")).isZero();
  }

  @Test
  void migrate_fromFourThreadsAtOnce_appliesEachScriptExactlyOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<SchemaStatus>> runs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        runs.add(pool.submit(() -> JdbcStore.migrate(ds)));
      }
      int applied = 0;
      for (Future<SchemaStatus> f : runs) {
        applied += f.get().appliedNow().size();
        assertThat(f.get().upToDate()).isTrue();
      }
      assertThat(applied).isEqualTo(Migrations.bundled().size());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void migrate_changedScriptAfterApplied_refusesAndNamesTheMigration() throws Exception {
    List<Migrations.Script> original = Migrations.bundled();
    Migrations.migrate(ds, original);
    Migrations.Script v1 = original.get(0);
    List<Migrations.Script> changed = new ArrayList<>(original);
    changed.set(0, Migrations.script("V1__audit.sql", v1.sql() + "\n-- edited after release\n"));

    assertThatThrownBy(() -> Migrations.migrate(ds, changed))
        .isInstanceOf(SchemaException.class)
        .hasMessageContaining("V1__audit was changed after it was applied")
        .hasMessageContaining(v1.checksum());
    SchemaStatus status = Migrations.status(ds, changed);
    assertThat(status.upToDate()).isFalse();
    assertThat(status.problems()).hasSize(1);
  }

  @Test
  void migrate_newScript_appliesOnlyIt() throws Exception {
    List<Migrations.Script> original = Migrations.bundled();
    Migrations.migrate(ds, original);
    int next = original.get(original.size() - 1).version() + 1;
    List<Migrations.Script> newer = new ArrayList<>(original);
    newer.add(Migrations.script("V" + next + "__extra.sql", "CREATE TABLE hai_extra (x int);"));

    SchemaStatus s = Migrations.migrate(ds, newer);
    assertThat(s.appliedNow()).containsExactly(next);
    assertThat(count("SELECT count(*) FROM hai_extra")).isZero();
    // the jar without it now finds a database newer than itself
    assertThatThrownBy(() -> JdbcStore.builder(ds).build())
        .isInstanceOf(SchemaException.class)
        .hasMessageContaining("newer than this HAI");
  }

  @Test
  void migrate_failingScript_leavesTheDatabaseAsItWas() throws Exception {
    List<Migrations.Script> scripts = new ArrayList<>(Migrations.bundled());
    int next = scripts.get(scripts.size() - 1).version() + 1;
    scripts.add(Migrations.script("V" + next + "__broken.sql", "CREATE TABLE hai_half (x int); SELECT no_such_fn();"));

    assertThatThrownBy(() -> Migrations.migrate(ds, scripts))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("V" + next + "__broken");
    assertThat(JdbcStore.status(ds).currentVersion()).isZero();
    assertThat(count("SELECT count(*) FROM pg_tables WHERE tablename IN ('hai_half', 'hai_audit_record')"
        + " AND schemaname = current_schema()")).isZero();
  }

  @Test
  void build_withoutMigration_failsInProductionModeAndMigratesInDevMode() {
    assertThatThrownBy(() -> JdbcStore.builder(ds).build())
        .isInstanceOf(SchemaException.class)
        .hasMessageContaining("hai-store migrate");
    assertThat(JdbcStore.status(ds).currentVersion()).as("nothing applied silently").isZero();

    JdbcStore store = JdbcStore.builder(ds).migrateOnOpen(true).build();
    assertThat(JdbcStore.status(store.dataSource()).upToDate()).isTrue();
  }

  private long count(String sql) throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}

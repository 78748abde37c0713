package dev.hai.benchmarks;

import dev.hai.store.jdbc.JdbcStore;
import dev.hai.store.jdbc.TestPool;
import dev.hai.store.jdbc.TestPostgres;

/**
 * The PostgreSQL the store benchmarks use: {@code HAI_PG_URL}, or a throwaway cluster started with
 * the server's binaries. Without either, the benchmark stops in its setup with a message that says
 * it was skipped and why.
 */
final class BenchPostgres {
  private BenchPostgres() {}

  /** A fresh, migrated schema behind a pool of {@code connections}. */
  static TestPool freshStore(int connections) {
    if (!TestPostgres.available()) {
      throw new IllegalStateException("SKIPPED: no PostgreSQL for this benchmark: set HAI_PG_URL"
          + " (and HAI_PG_USER, HAI_PG_PASSWORD) or install PostgreSQL's server binaries (initdb, pg_ctl)");
    }
    TestPool pool = new TestPool(TestPostgres.get().freshSchema(), connections);
    JdbcStore.migrate(pool);
    return pool;
  }
}

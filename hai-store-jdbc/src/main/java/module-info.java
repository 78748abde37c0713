/**
 * HAI's shared store over plain JDBC, PostgreSQL first: the audit trail ({@link
 * dev.hai.store.jdbc.JdbcAuditSink}), the cost ledger and budgets, and the versioned SQL migrations
 * that create their tables ({@link dev.hai.store.jdbc.JdbcStore#migrate}).
 */
module dev.hai.store.jdbc {
  requires transitive dev.hai.core;
  requires transitive java.sql;
  requires org.slf4j;
  requires static info.picocli; // only the hai-store command line uses it
  requires static transitive org.jspecify;

  exports dev.hai.store.jdbc;

}

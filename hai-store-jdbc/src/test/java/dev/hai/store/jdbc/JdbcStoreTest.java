package dev.hai.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hai.core.audit.AuditChain;
import dev.hai.core.audit.AuditVerification;
import dev.hai.store.jdbc.JdbcAuditLog.ChainVerification;
import dev.hai.store.jdbc.internal.UrlDataSource;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What can be checked without a database: argument checks, and an unreachable database. */
class JdbcStoreTest {
  /** Nothing listens on port 1 of the loopback interface. */
  private static final UrlDataSource NOWHERE =
      new UrlDataSource("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2", "hai", "");

  @Test
  void auditSinkBuilder_rejectsBadSettingsNamingThem() {
    JdbcAuditSink.Builder b = new JdbcAuditSink.Builder(NOWHERE);
    assertThatThrownBy(() -> b.chainName("a b")).hasMessageContaining("chainName");
    assertThatThrownBy(() -> b.chainName("x".repeat(65))).hasMessageContaining("chainName");
    assertThatThrownBy(() -> b.chainKey(new byte[31])).hasMessageContaining("at least 32 bytes");
    assertThatThrownBy(() -> b.maxBatch(0)).hasMessageContaining("maxBatch");
    assertThatThrownBy(() -> b.queueCapacity(0)).hasMessageContaining("queueCapacity");
    assertThatThrownBy(() -> b.lockTimeout(Duration.ZERO)).hasMessageContaining("lockTimeout");
  }

  @Test
  void unreachableDatabase_isAStoreErrorThatNamesTheOperation() {
    assertThatThrownBy(() -> JdbcStore.status(NOWHERE))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("cannot read the schema version")
        .hasCauseInstanceOf(SQLException.class);
    assertThatThrownBy(() -> JdbcStore.builder(NOWHERE).build()).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> JdbcStore.migrate(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new JdbcAuditSink.Builder(NOWHERE).build())
        .isInstanceOf(dev.hai.core.audit.AuditException.class)
        .hasMessageStartingWith("cannot open audit chain 'main'");
  }

  @Test
  void chainVerification_okOnlyWhenTheRecordsVerifyAndTheHeadNamesTheLast() {
    AuditVerification intact = new AuditVerification(3, 1, null, List.of(), "h3");
    assertThat(new ChainVerification("main", intact, 3, "h3").ok()).isTrue();
    ChainVerification cut = new ChainVerification("main", intact, 4, "h4");
    assertThat(cut.ok()).isFalse();
    assertThat(cut.describe()).contains("removed from the end");
    AuditVerification broken = new AuditVerification(1, 1, new AuditVerification.Break(Path.of("f"), 2, "id-2",
        AuditVerification.Problem.EDITED, "the record's hash does not match its content"), List.of(), "h1");
    ChainVerification edited = new ChainVerification("main", broken, 3, "h3");
    assertThat(edited.ok()).isFalse();
    assertThat(edited.describe()).startsWith("BROKEN").contains("EDITED at record id-2");
    assertThat(new ChainVerification("main", new AuditVerification(0, 0, null, List.of(), AuditChain.GENESIS), 0,
        AuditChain.GENESIS).ok()).isTrue();
  }
}

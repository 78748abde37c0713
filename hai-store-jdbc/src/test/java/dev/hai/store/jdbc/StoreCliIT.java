package dev.hai.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hai.store.jdbc.internal.Migrations;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import dev.hai.core.Usage;
import dev.hai.core.cost.LedgerEntry;
import dev.hai.core.cost.Money;
import dev.hai.core.spi.Hosting;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hai-store} against a real server. */
class StoreCliIT {
  private final DataSource ds = TestPostgres.get().freshSchema();
  private final String url = TestPostgres.get().url(schema());

  @TempDir Path tmp;

  @Test
  void migrateStatusVerifyExport() throws Exception {
    assertThat(cli("status")).startsWith("1:").contains("pending  V1__audit").contains("NOT up to date");
    assertThat(cli("migrate")).startsWith("0:").contains("applied V1, V2, V3, V4")
        .contains("schema at version " + Migrations.bundled().size());
    assertThat(cli("migrate")).startsWith("0:").contains("nothing to apply");
    assertThat(cli("status")).startsWith("0:").contains("up to date");

    try (JdbcAuditSink sink = JdbcStore.builder(ds).build().auditSink().build()) {
      for (int i = 0; i < 3; i++) {
        sink.append(StoreFixtures.record("t"));
      }
    }
    assertThat(cli("verify-audit")).startsWith("0:").contains("OK: chain 'main': 3 records verified");
    assertThat(cli("export-audit", "--out", tmp.resolve("x").toString())).startsWith("0:").contains("exported 3");
    assertThat(dev.hai.core.audit.AuditVerifier.verify(tmp.resolve("x"), Optional.empty()).records()).isEqualTo(3);
    assertThat(cli("verify-audit", "--chain", "nope")).startsWith("2:").contains("no head row");
    assertThat(cli("release-abandoned", "--older-than", "PT1H")).startsWith("0:").contains("released 0");

    JdbcCostLedger ledger = JdbcStore.builder(ds).build().costLedger();
    for (String tenant : List.of("cardiology", "cardiology", "oncology")) {
      ledger.record(new LedgerEntry(UUID.randomUUID(), Instant.parse("2026-11-26T09:00:00Z"), tenant, "u-1", null, null,
          "anthropic", "claude-sonnet-4-5", Hosting.EXTERNAL, Usage.of(1000, 100), 0, Money.of("USD", "0.0045"),
          "success"));
    }
    assertThat(cli("cost-report", "--by", "tenant", "--csv", "--from", "2026-11-01", "--to", "2026-12-01"))
        .startsWith("0:").contains("cardiology,2,").contains("0.009000").contains("oncology,1,").contains("0.004500");

    StoreFixtures.execute(ds, "UPDATE hai_schema_version SET checksum = repeat('0', 64) WHERE version = 1");
    assertThat(cli("status")).startsWith("1:").contains("PROBLEM: migration V1__audit was changed");
    assertThat(cli("migrate")).startsWith("1:").contains("cannot migrate");
  }

  @Test
  void usageErrors_exitTwo() throws Exception {
    assertThat(cli()).startsWith("2:");
    assertThat(run(() -> StoreCli.run("migrate"))).startsWith("2:").contains("--url");
    assertThat(run(() -> StoreCli.run("status", "--url", "jdbc:postgresql://127.0.0.1:1/x?connectTimeout=2")))
        .startsWith("2:").contains("cannot read the schema version");
  }

  private String cli(String... args) {
    if (args.length == 0) {
      return run(StoreCli::run);
    }
    List<String> all = new ArrayList<>(List.of(args[0], "--url", url, "--user=" + TestPostgres.get().user()));
    all.addAll(List.of(args).subList(1, args.length));
    String[] command = all.toArray(String[]::new);
    return run(() -> StoreCli.run(command));
  }

  private static synchronized String run(Supplier<Integer> command) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    try {
      int code = command.get();
      return code + ":" + buf.toString(StandardCharsets.UTF_8);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  private String schema() {
    try {
      return StoreFixtures.column(ds, "SELECT current_schema()").get(0);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}

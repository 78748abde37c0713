package dev.hai.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hai.core.Caller;
import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.PurposeOfUse;
import dev.hai.core.Usage;
import dev.hai.core.audit.FileAuditSink;
import dev.hai.core.spi.Hosting;
import dev.hai.core.testing.FakeTime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ledger files, the audit trail as a ledger, spend reports, break-even and the hai-cost command line. */
class CostReportTest {
  private static final Instant NOV = Instant.parse("2026-11-01T00:00:00Z");
  private static final Instant DEC = Instant.parse("2026-12-01T00:00:00Z");

  @TempDir Path dir;

  private static LedgerEntry entry(String tenant, String model, String time, long costMicros) {
    return new LedgerEntry(UUID.randomUUID(), Instant.parse(time), tenant, "u-1", "discharge-summary", "1.2.0",
        "anthropic", model, Hosting.EXTERNAL, new Usage(100, 10, 0, 5), 0,
        costMicros < 0 ? null : Money.ofMicros("USD", costMicros), "success");
  }

  private static List<LedgerEntry> sample() {
    return List.of(
        entry("cardiology", "claude-sonnet-4-5", "2026-11-26T08:00:00Z", 12_207),
        entry("cardiology", "claude-sonnet-4-5", "2026-11-26T23:30:00Z", 1),
        entry("cardiology", "gpt-4.1", "2026-11-27T08:00:00Z", 5_000),
        entry("oncology, adult", "claude-sonnet-4-5", "2026-11-27T09:00:00Z", -1),
        entry("oncology, adult", "claude-sonnet-4-5", "2026-12-01T00:00:00Z", 999_999)); // outside November
  }

  private static InMemoryLedger ledger(List<LedgerEntry> entries) {
    InMemoryLedger l = new InMemoryLedger();
    entries.forEach(l::record);
    return l;
  }

  /* --- JsonlLedger --- */

  @Test
  void jsonlLedger_roundTripsEveryField() {
    Path file = dir.resolve("ledger/hai-ledger.jsonl");
    List<LedgerEntry> written = sample();
    try (JsonlLedger l = JsonlLedger.open(file)) {
      written.forEach(l::record);
      List<LedgerEntry> readBack = new ArrayList<>();
      l.read(Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"), readBack::add);
      assertThat(readBack).isEqualTo(written);
    }
    List<LedgerEntry> november = new ArrayList<>();
    JsonlLedger.source(file).read(NOV, DEC, november::add);
    assertThat(november).isEqualTo(written.subList(0, 4));
  }

  @Test
  void jsonlLedger_corruptLine_namesFileAndLine() throws IOException {
    Path file = dir.resolve("l.jsonl");
    Files.writeString(file, "{\"callId\":\"nope\"}\n");

    assertThatThrownBy(() -> JsonlLedger.source(file).read(Instant.EPOCH, DEC, e -> {}))
        .isInstanceOf(BudgetStoreException.class)
        .hasMessageContaining("l.jsonl line 1");
  }

  @Test
  void jsonlLedger_openAfterATornLastLine_cutsItOffIntoTornFile_andNewEntriesReadBack() throws IOException {
    Path file = dir.resolve("torn.jsonl");
    List<LedgerEntry> written = sample();
    try (JsonlLedger l = JsonlLedger.open(file)) {
      l.record(written.get(0));
    }
    // a write the process did not finish (a crash, a full disk): part of a line, no newline
    String fragment = "{\"callId\":\"019ac3a0-0000-7000-8000-0000000000";
    Files.writeString(file, fragment, StandardOpenOption.APPEND);

    try (JsonlLedger l = JsonlLedger.open(file)) {
      l.record(written.get(1));
    }

    List<LedgerEntry> readBack = new ArrayList<>();
    JsonlLedger.source(file).read(Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"), readBack::add);
    assertThat(readBack).containsExactly(written.get(0), written.get(1));
    assertThat(Files.readString(dir.resolve("torn.jsonl.torn"))).isEqualTo(fragment + "\n");
  }

  /* --- SpendReport --- */

  @Test
  void report_byTenantAndModel_sumsExactly_countsUnknownCosts_andLeavesOutOtherMonths() {
    SpendReport r = SpendReport.of(ledger(sample()), NOV, DEC,
        List.of(SpendReport.Dimension.TENANT, SpendReport.Dimension.MODEL), ZoneOffset.UTC);

    assertThat(r.rows()).hasSize(3);
    SpendReport.Row sonnet = r.rows().get(0);
    assertThat(sonnet.key()).containsExactly("cardiology", "claude-sonnet-4-5");
    assertThat(sonnet.calls()).isEqualTo(2);
    assertThat(sonnet.cost()).isEqualTo(Money.ofMicros("USD", 12_208));
    assertThat(sonnet.tokens()).isEqualTo(new Usage(200, 20, 0, 10));
    SpendReport.Row oncology = r.rows().get(2);
    assertThat(oncology.unknownCostCalls()).isEqualTo(1);
    assertThat(oncology.cost()).isEqualTo(Money.zero("USD"));
    assertThat(r.total().calls()).isEqualTo(4);
    assertThat(r.total().cost()).isEqualTo(Money.ofMicros("USD", 17_208));
  }

  @Test
  void report_byDay_usesTheGivenZone() {
    SpendReport utc = SpendReport.of(ledger(sample()), NOV, DEC, List.of(SpendReport.Dimension.DAY), ZoneOffset.UTC);
    SpendReport berlin = SpendReport.of(ledger(sample()), NOV, DEC, List.of(SpendReport.Dimension.DAY),
        ZoneId.of("Europe/Berlin"));

    assertThat(utc.rows()).extracting(row -> row.key().get(0) + "=" + row.calls())
        .containsExactly("2026-11-26=2", "2026-11-27=2");
    assertThat(berlin.rows()).extracting(row -> row.key().get(0) + "=" + row.calls())
        .containsExactly("2026-11-26=1", "2026-11-27=3");
  }

  @Test
  void report_csvAndTable() {
    SpendReport r = SpendReport.of(ledger(sample()), NOV, DEC, List.of(SpendReport.Dimension.TENANT), ZoneOffset.UTC);

    assertThat(r.toCsv()).isEqualTo(
        "tenant,calls,input_tokens,output_tokens,cache_write_tokens,cache_read_tokens,cost,currency,unknown_cost_calls\r\n"
            + "cardiology,3,300,30,0,15,0.017208,USD,0\r\n"
            + "\"oncology, adult\",1,100,10,0,5,0.000000,USD,1\r\n");
    assertThat(r.toTable()).contains("TOTAL").contains("0.017208").contains("oncology, adult");
  }

  @Test
  void report_mixedCurrencies_refused() {
    LedgerEntry eur = new LedgerEntry(UUID.randomUUID(), NOV, "t", "u", null, null, null, null, null, Usage.zero(), 0,
        Money.of("EUR", "1"), "success");
    InMemoryLedger l = ledger(sample());
    l.record(eur);

    assertThatThrownBy(() -> SpendReport.of(l, NOV, DEC, List.of(), ZoneOffset.UTC)).hasMessageContaining("mixes currencies");
  }

  /* --- the audit trail as a ledger --- */

  @Test
  void auditLog_readAsLedger_matchesTheInMemoryLedger() {
    FakeTime time = new FakeTime(Instant.parse("2026-11-26T08:00:00Z"));
    InMemoryLedger ledger = new InMemoryLedger();
    Path audit = dir.resolve("audit");
    Budget budget = Budget.tenant("cardiology").daily(Money.of("USD", "0.05")).build();
    try (FileAuditSink sink = FileAuditSink.builder(audit).build();
         ClinicalModelClient client = ClinicalModelClient.builder().backend(PricedBackend.anthropic(new Usage(1234, 567, 0, 0)))
             .clock(time).auditSink(sink)
             .costTracking(CostTracking.builder().budget(budget).ledger(ledger).build()).build()) {
      for (int i = 0; i < 6; i++) {
        client.call(ClinicalRequest.builder()
            .caller(Caller.of("u-" + i % 2, "physician", "cardiology", PurposeOfUse.TREATMENT))
            .user("Note: stable.").maxTokens(1000).timeout(Duration.ofSeconds(5)).build());
        time.advance(Duration.ofMinutes(1));
      }
    }

    SpendReport fromAudit = SpendReport.of(LedgerSource.fromAuditLog(audit), NOV, DEC,
        List.of(SpendReport.Dimension.ACTOR, SpendReport.Dimension.OUTCOME), ZoneOffset.UTC);
    SpendReport fromLedger = SpendReport.of(ledger, NOV, DEC, List.of(SpendReport.Dimension.ACTOR), ZoneOffset.UTC);

    assertThat(fromAudit.total().cost()).isEqualTo(ledger.total("USD"));
    assertThat(fromAudit.total().calls()).isEqualTo(6); // refused calls are in the trail, at zero cost
    assertThat(fromLedger.total().calls()).isEqualTo(ledger.entries().size());
    assertThat(fromAudit.rows()).extracting(row -> row.key().get(1)).contains("budget_exceeded", "success");
  }

  /* --- break-even --- */

  @Test
  void breakEven_findsTheVolumeWhereOneGpuBeatsTheCloud() {
    ModelPrice sonnet = PriceTable.defaults().lookup("claude-sonnet-4-5", LocalDate.parse("2026-11-26"));

    // 100M in + 20M out: 300 + 300 = $600 at the cloud; one GPU-month: 2.40 × 730 = $1752.
    BreakEven b = BreakEven.of(sonnet, 100_000_000, 20_000_000, Money.of("USD", "2.40"), 1_000_000, 730);

    assertThat(b.cloudMonthly()).isEqualTo(Money.of("USD", "600"));
    assertThat(b.gpuMonthly()).isEqualTo(Money.of("USD", "1752"));
    assertThat(b.gpusNeeded()).isEqualTo(1);
    assertThat(b.localIsCheaper()).isFalse();
    // $600 per 120M tokens = $5 per million: one GPU-month pays for 350.4M tokens.
    assertThat(b.breakEvenTokens()).isEqualTo(350_400_000L);
    assertThat(b.summary()).contains("350,400,000 tokens per month").contains("cloud is cheaper");
  }

  @Test
  void breakEven_gpuDearerPerTokenThanTheCloud_none() {
    ModelPrice mini = PriceTable.defaults().lookup("gpt-4o-mini", LocalDate.parse("2026-11-26"));

    BreakEven b = BreakEven.of(mini, 100_000_000, 20_000_000, Money.of("USD", "2.40"), 100_000, 730);

    assertThat(b.breakEvenTokens()).isNull();
    assertThat(b.gpusNeeded()).isEqualTo(2); // 120M tokens over 73M per GPU-month
    assertThat(b.localMonthly()).isEqualTo(Money.of("USD", "3504"));
  }

  /* --- hai-cost --- */

  private static String cli(int[] code, String... args) {
    PrintStream out = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      code[0] = CostCli.run(args);
    } finally {
      System.setOut(out);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void cli_reportFromALedgerFile_csvByTenantAndDay() {
    Path file = dir.resolve("l.jsonl");
    try (JsonlLedger l = JsonlLedger.open(file)) {
      sample().forEach(l::record);
    }
    int[] code = new int[1];

    String out = cli(code, "report", "--ledger", file.toString(), "--from", "2026-11-01", "--to", "2026-12-01",
        "--by", "tenant,day", "--csv");

    assertThat(code[0]).isZero();
    assertThat(out).startsWith("tenant,day,calls,").contains("cardiology,2026-11-26,2,").contains("0.012208,USD");
    assertThat(out).doesNotContain("0.999999");
  }

  @Test
  void cli_badColumnOrMissingSource_exitsTwo() {
    int[] code = new int[1];
    cli(code, "report", "--ledger", dir.resolve("none.jsonl").toString());
    assertThat(code[0]).isEqualTo(2);
    cli(code, "report");
    assertThat(code[0]).isEqualTo(2);
  }

  @Test
  void cli_breakEven_volumeFromALedgerMonth() {
    Path file = dir.resolve("l.jsonl");
    try (JsonlLedger l = JsonlLedger.open(file)) {
      sample().forEach(l::record); // four entries in November: 400 input, 40 output tokens
    }
    int[] code = new int[1];

    String out = cli(code, "break-even", "--model", "claude-sonnet-4-5", "--ledger", file.toString(), "--month", "2026-11",
        "--gpu-hour", "2.40", "--tokens-per-gpu-hour", "1000000", "--date", "2026-11-26");

    assertThat(code[0]).isZero();
    assertThat(out).contains("monthly volume: 400 input + 40 output tokens").contains("from 428,266,667 tokens");
    cli(code, "break-even", "--model", "claude-sonnet-4-5", "--gpu-hour", "2.40", "--tokens-per-gpu-hour", "1");
    assertThat(code[0]).isEqualTo(2);
  }

  @Test
  void cli_breakEven() {
    int[] code = new int[1];

    String out = cli(code, "break-even", "--model", "claude-sonnet-4-5-20250929", "--input-tokens", "100000000",
        "--output-tokens", "20000000", "--gpu-hour", "2.40", "--tokens-per-gpu-hour", "1000000", "--date", "2026-11-26");

    assertThat(code[0]).isZero();
    assertThat(out).contains("USD 600.000000 per month").contains("350,400,000");
  }
}

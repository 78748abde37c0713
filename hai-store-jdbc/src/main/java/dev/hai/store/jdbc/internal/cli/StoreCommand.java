package dev.hai.store.jdbc.internal.cli;

import dev.hai.core.cost.SpendReport;
import dev.hai.store.jdbc.JdbcAuditLog;
import dev.hai.store.jdbc.JdbcCostLedger;
import dev.hai.store.jdbc.JdbcStore;
import dev.hai.store.jdbc.SchemaException;
import dev.hai.store.jdbc.SchemaStatus;
import dev.hai.store.jdbc.internal.UrlDataSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hai-store}: picocli commands over the JDBC store. */
@Command(
    name = "hai-store",
    mixinStandardHelpOptions = true,
    description = "Schema migrations and audit tools for HAI's PostgreSQL store.",
    subcommands = {StoreCommand.Migrate.class, StoreCommand.Status.class, StoreCommand.VerifyAudit.class,
        StoreCommand.ExportAudit.class, StoreCommand.ReleaseAbandoned.class, StoreCommand.CostReport.class})
public final class StoreCommand implements Callable<Integer> {
  static final int OK = 0;
  static final int NOT_OK = 1;
  static final int USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return USAGE;
  }

  public static int run(String... args) {
    CommandLine cl = new CommandLine(new StoreCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("hai-store: " + e.getMessage());
      return e instanceof SchemaException ? NOT_OK : USAGE;
    });
    return cl.execute(args);
  }

  /** How to reach the database. */
  static final class Connect {
    @Option(names = "--url", required = true, paramLabel = "JDBC_URL",
        description = "the database, e.g. jdbc:postgresql://db.example:5432/hai (currentSchema=... picks a schema)")
    String url;

    @Option(names = "--user", paramLabel = "USER", description = "the database user (default: from the URL)")
    String user;

    @Option(names = "--password-env", paramLabel = "VAR", defaultValue = "HAI_STORE_PASSWORD",
        description = "environment variable holding the password (default: ${DEFAULT-VALUE})")
    String passwordEnv;

    @Option(names = "--password-file", paramLabel = "FILE", description = "file holding the password")
    Path passwordFile;

    DataSource dataSource() throws IOException {
      String password = passwordFile != null
          ? Files.readString(passwordFile, StandardCharsets.UTF_8).strip()
          : System.getenv(passwordEnv);
      return new UrlDataSource(url, user, password);
    }
  }

  @Command(name = "migrate", mixinStandardHelpOptions = true,
      description = "Apply the pending schema migrations, in one transaction. Exit 0: the schema is current.")
  static final class Migrate implements Callable<Integer> {
    @Mixin Connect connect;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      SchemaStatus s = JdbcStore.migrate(connect.dataSource());
      PrintWriter out = spec.commandLine().getOut();
      out.println(s.appliedNow().isEmpty() ? "nothing to apply" : "applied " + versions(s.appliedNow()));
      out.printf("schema at version %d of %d%n", s.currentVersion(), s.latestVersion());
      out.flush();
      return OK;
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Show the applied and pending migrations. Exit 0: up to date; 1: not.")
  static final class Status implements Callable<Integer> {
    @Mixin Connect connect;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      SchemaStatus s = JdbcStore.status(connect.dataSource());
      PrintWriter out = spec.commandLine().getOut();
      for (SchemaStatus.Migration m : s.applied()) {
        out.printf("applied  V%d__%s  %s  %s%n", m.version(), m.description(), m.appliedAt(), m.checksum());
      }
      for (SchemaStatus.Migration m : s.pending()) {
        out.printf("pending  V%d__%s%n", m.version(), m.description());
      }
      for (String p : s.problems()) {
        out.println("PROBLEM: " + p);
      }
      out.println(s.upToDate() ? "up to date at version " + s.currentVersion()
          : "NOT up to date: at version " + s.currentVersion() + " of " + s.latestVersion());
      out.flush();
      return s.upToDate() ? OK : NOT_OK;
    }
  }

  @Command(name = "verify-audit", mixinStandardHelpOptions = true,
      description = "Verify an audit chain in hai_audit_record. Exit 0: intact; 1: broken.")
  static final class VerifyAudit implements Callable<Integer> {
    @Mixin Connect connect;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--chain", paramLabel = "NAME", defaultValue = "main", description = "the chain (default: main)")
    String chain;

    @Option(names = "--key-file", paramLabel = "FILE",
        description = "file holding the HMAC chain key (its raw bytes), if the chain was written with one")
    Path keyFile;

    @Override
    public Integer call() throws IOException {
      Optional<byte[]> key = keyFile == null ? Optional.empty() : Optional.of(Files.readAllBytes(keyFile));
      JdbcAuditLog.ChainVerification v = JdbcAuditLog.verify(connect.dataSource(), chain, key);
      PrintWriter out = spec.commandLine().getOut();
      out.println(v.describe());
      out.flush();
      return v.ok() ? OK : NOT_OK;
    }
  }

  @Command(name = "export-audit", mixinStandardHelpOptions = true,
      description = "Write an audit chain as JSON Lines files that hai-audit verify and the file tools read.")
  static final class ExportAudit implements Callable<Integer> {
    @Mixin Connect connect;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--chain", paramLabel = "NAME", defaultValue = "main", description = "the chain (default: main)")
    String chain;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "a directory with no log files yet")
    Path out;

    @Override
    public Integer call() throws IOException {
      long n = JdbcAuditLog.exportJsonl(connect.dataSource(), chain, out);
      spec.commandLine().getOut().printf("exported %d records of chain '%s' to %s%n", n, chain, out);
      spec.commandLine().getOut().flush();
      return OK;
    }
  }

  @Command(name = "release-abandoned", mixinStandardHelpOptions = true,
      description = "Release the budget reservations older than DURATION: holds of JVMs that died mid-call.")
  static final class ReleaseAbandoned implements Callable<Integer> {
    @Mixin Connect connect;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--older-than", required = true, paramLabel = "DURATION",
        description = "ISO-8601 duration, e.g. PT1H; keep it well above the longest call")
    Duration olderThan;

    @Override
    public Integer call() throws IOException {
      int n = JdbcStore.builder(connect.dataSource()).build().budgetStore().releaseAbandoned(olderThan);
      spec.commandLine().getOut().printf("released %d reservations older than %s%n", n, olderThan);
      spec.commandLine().getOut().flush();
      return OK;
    }
  }

  @Command(name = "cost-report", mixinStandardHelpOptions = true,
      description = "Spend from the ledger in hai_cost_ledger, grouped by the --by columns, as a table or CSV.")
  static final class CostReport implements Callable<Integer> {
    @Mixin Connect connect;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--from", paramLabel = "DATE", description = "first day included (in --zone); default: all")
    LocalDate from;

    @Option(names = "--to", paramLabel = "DATE", description = "first day no longer included (in --zone); default: all")
    LocalDate to;

    @Option(names = "--by", paramLabel = "COLUMNS", split = ",", defaultValue = "tenant",
        description = "group by: tenant, actor, prompt, model, backend, day, outcome (default: tenant)")
    List<SpendReport.Dimension> by = new ArrayList<>();

    @Option(names = "--zone", paramLabel = "ZONE", defaultValue = "UTC", description = "time zone of days (default: UTC)")
    ZoneId zone;

    @Option(names = "--csv", description = "write CSV instead of a table")
    boolean csv;

    @Override
    public Integer call() throws IOException {
      Instant start = from == null ? Instant.EPOCH : from.atStartOfDay(zone).toInstant();
      Instant end = to == null ? Instant.parse("9999-12-31T00:00:00Z") : to.atStartOfDay(zone).toInstant();
      JdbcCostLedger ledger = JdbcStore.builder(connect.dataSource()).build().costLedger();
      SpendReport r = SpendReport.of(ledger, start, end, by, zone);
      PrintWriter out = spec.commandLine().getOut();
      out.print(csv ? r.toCsv() : r.toTable());
      out.flush();
      return OK;
    }
  }

  private static String versions(java.util.List<Integer> versions) {
    return versions.stream().map(v -> "V" + v).reduce((a, b) -> a + ", " + b).orElse("");
  }
}

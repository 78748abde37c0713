package dev.hai.core.internal.cost.cli;

import dev.hai.core.cost.BreakEven;
import dev.hai.core.cost.JsonlLedger;
import dev.hai.core.cost.LedgerSource;
import dev.hai.core.cost.Money;
import dev.hai.core.cost.ModelPrice;
import dev.hai.core.cost.PriceTable;
import dev.hai.core.cost.SpendReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import dev.hai.core.internal.CommandLines;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hai-cost}: picocli commands over a cost ledger or an audit log. */
@Command(
    name = "hai-cost",
    mixinStandardHelpOptions = true,
    description = "Cost reports for HAI: spend by tenant, actor, prompt, model, backend, day; cloud versus local.",
    subcommands = {CostCommand.Report.class, CostCommand.BreakEvenCommand.class})
public final class CostCommand extends CommandLines.Parent {
  static final int OK = 0;
  static final int USAGE = CommandLines.USAGE;

  public static int run(String... args) {
    return CommandLines.execute(new CostCommand(), args);
  }

  /** Where the entries come from: exactly one of the two. */
  static final class Source {
    @Option(names = "--ledger", paramLabel = "FILE", description = "a JSON Lines ledger file (JsonlLedger)")
    Path ledger;

    @Option(names = "--audit", paramLabel = "DIR", description = "an audit log directory (FileAuditSink)")
    Path audit;
  }

  @Command(name = "report", mixinStandardHelpOptions = true,
      description = "Spend grouped by the --by columns, as a table or CSV.")
  static final class Report implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--from", paramLabel = "DATE", description = "first day included (in --zone); default: all")
    LocalDate from;

    @Option(names = "--to", paramLabel = "DATE", description = "first day no longer included (in --zone); default: all")
    LocalDate to;

    @Option(names = "--by", paramLabel = "COLUMNS", split = ",", defaultValue = "tenant",
        description = "group by: tenant, actor, prompt, model, backend, day, outcome (comma-separated; default: tenant)")
    List<String> by = new ArrayList<>();

    @Option(names = "--zone", paramLabel = "ZONE", defaultValue = "UTC", description = "time zone of days (default: UTC)")
    String zone;

    @Option(names = "--csv", description = "write CSV instead of a table")
    boolean csv;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      ZoneId z = ZoneId.of(zone);
      List<SpendReport.Dimension> dims = new ArrayList<>();
      for (String b : by) {
        try {
          dims.add(SpendReport.Dimension.valueOf(b.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          err.println("hai-cost: unknown --by column '" + b + "'; use tenant, actor, prompt, model, backend, day, outcome");
          return USAGE;
        }
      }
      LedgerSource ledger = ledger(source, err);
      if (ledger == null) {
        return USAGE;
      }
      Instant start = from == null ? Instant.EPOCH : from.atStartOfDay(z).toInstant();
      Instant end = to == null ? Instant.parse("9999-12-31T00:00:00Z") : to.atStartOfDay(z).toInstant();
      SpendReport r = SpendReport.of(ledger, start, end, dims, z);
      PrintWriter out = spec.commandLine().getOut();
      out.print(csv ? r.toCsv() : r.toTable());
      out.flush();
      return OK;
    }
  }

  @Command(name = "break-even", mixinStandardHelpOptions = true,
      description = "Compare a month's volume at a cloud model's prices with dedicated local GPUs. Give the volume"
          + " as --input-tokens and --output-tokens, or read it from a ledger or audit log with --month.")
  static final class BreakEvenCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "the cloud model, as in the price table")
    String model;

    @Option(names = "--input-tokens", description = "input tokens per month")
    Long inputTokens;

    @Option(names = "--output-tokens", description = "output tokens per month")
    Long outputTokens;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Source source;

    @Option(names = "--month", paramLabel = "YYYY-MM", description = "with --ledger or --audit: the month whose tokens to use (UTC)")
    YearMonth month;

    @Option(names = "--gpu-hour", required = true, paramLabel = "PRICE",
        description = "price of one GPU-hour, in the price table's currency, for example 2.40")
    String gpuHour;

    @Option(names = "--tokens-per-gpu-hour", required = true, description = "tokens one GPU processes per hour")
    long tokensPerGpuHour;

    @Option(names = "--hours", defaultValue = "" + BreakEven.HOURS_PER_MONTH, description = "GPU hours paid per month (default: 730)")
    int hours;

    @Option(names = "--prices", paramLabel = "FILE", description = "a price file laid over the shipped prices")
    Path prices;

    @Option(names = "--date", paramLabel = "DATE", description = "the day whose prices apply (default: today, UTC)")
    LocalDate date;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      long in;
      long out;
      if (source != null) {
        if (month == null || inputTokens != null || outputTokens != null) {
          err.println("hai-cost: with --ledger or --audit give --month, and no --input-tokens or --output-tokens");
          return USAGE;
        }
        LedgerSource ledger = ledger(source, err);
        if (ledger == null) {
          return USAGE;
        }
        long[] sums = new long[2];
        ledger.read(month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
            month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(), e -> {
              // Input as the ledger has it (OpenAI's already includes cache reads) plus cache writes.
              sums[0] += e.usage().inputTokens() + e.usage().cacheWriteTokens();
              sums[1] += e.usage().outputTokens();
            });
        in = sums[0];
        out = sums[1];
      } else {
        if (inputTokens == null || outputTokens == null) {
          err.println("hai-cost: give --input-tokens and --output-tokens, or --ledger/--audit with --month");
          return USAGE;
        }
        in = inputTokens;
        out = outputTokens;
      }
      PriceTable table = prices == null ? PriceTable.defaults() : PriceTable.defaults().withOverrides(PriceTable.load(prices));
      LocalDate day = date == null ? LocalDate.now(ZoneOffset.UTC) : date;
      ModelPrice price = table.lookup(model, day);
      BreakEven b = BreakEven.of(price, in, out, Money.of(table.currency(), gpuHour), tokensPerGpuHour, hours);
      PrintWriter w = spec.commandLine().getOut();
      w.print(b.summary());
      w.flush();
      return OK;
    }
  }

  /** The source's ledger, or null (with a message) when its file or directory is missing. */
  static @Nullable LedgerSource ledger(Source source, PrintWriter err) {
    if (source.ledger != null) {
      if (!Files.isRegularFile(source.ledger)) {
        err.println("hai-cost: not a file: " + source.ledger);
        return null;
      }
      return JsonlLedger.source(source.ledger);
    }
    if (!Files.isDirectory(source.audit)) {
      err.println("hai-cost: not a directory: " + source.audit);
      return null;
    }
    return LedgerSource.fromAuditLog(source.audit);
  }
}

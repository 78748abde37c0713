package dev.hai.governance.internal.cli;

import dev.hai.core.KillSwitch;
import dev.hai.core.audit.FileAuditSink;
import dev.hai.governance.kill.FileKillSwitches;
import dev.hai.governance.kill.KillSwitchException;
import dev.hai.governance.report.ComplianceReport;
import dev.hai.governance.report.ReportFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hai-governance}: kill switches and the compliance report. */
@Command(
    name = "hai-governance",
    mixinStandardHelpOptions = true,
    description = "Kill switches and compliance reports for HAI.",
    subcommands = {
        GovernanceCommand.Kill.class, GovernanceCommand.Revive.class, GovernanceCommand.ListSwitches.class,
        GovernanceCommand.Report.class})
public final class GovernanceCommand implements Callable<Integer> {
  static final int OK = 0;
  static final int UNVERIFIED = 1;
  static final int USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return USAGE;
  }

  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs with the given output and error writers, for tests. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new GovernanceCommand()).setOut(out).setErr(err);
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("hai-governance: " + e.getMessage());
      commandLine.getErr().flush();
      return USAGE;
    });
    return cl.execute(args);
  }

  /** Exactly one target. */
  static final class TargetOptions {
    @Option(names = "--model", paramLabel = "MODEL", description = "a model, as requests and backends name it")
    String model;

    @Option(names = "--prompt", paramLabel = "ID[@VERSION]", description = "a prompt, or one version of it")
    String prompt;

    @Option(names = "--tenant", paramLabel = "TENANT", description = "a tenant")
    String tenant;

    @Option(names = "--all", description = "every call")
    boolean all;

    @Option(names = "--target", paramLabel = "TARGET", description = "written form: all, model:M, prompt:P[@V], tenant:T")
    String target;

    KillSwitch.Target target() {
      if (model != null) {
        return KillSwitch.Target.model(model);
      }
      if (prompt != null) {
        return KillSwitch.Target.parse("prompt:" + prompt);
      }
      if (tenant != null) {
        return KillSwitch.Target.tenant(tenant);
      }
      return all ? KillSwitch.Target.all() : KillSwitch.Target.parse(target);
    }
  }

  /** What kill and revive share. */
  abstract static class Flip implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1")
    TargetOptions target;

    @Option(names = "--file", required = true, paramLabel = "FILE", description = "the kill-switch file")
    Path file;

    @Option(names = "--by", required = true, paramLabel = "WHO", description = "your operator id")
    String by;

    @Option(names = "--why", required = true, paramLabel = "WHY", description = "the reason (an incident id and words)")
    String why;

    @Option(names = "--audit-dir", required = true, paramLabel = "DIR",
        description = "the audit log directory of administrative events (not one a running client writes)")
    Path auditDir;

    @Option(names = "--key-file", paramLabel = "FILE", description = "the HMAC chain key of that log, if it has one")
    Path keyFile;

    @Option(names = "--role", paramLabel = "ROLE", description = "the role you act in (default: operations)")
    String role = FileKillSwitches.Builder.DEFAULT_OPERATOR_ROLE;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      KillSwitch.Target t = target.target();
      FileAuditSink.Builder sinkBuilder = FileAuditSink.builder(auditDir);
      if (keyFile != null) {
        sinkBuilder.chainKey(Files.readAllBytes(keyFile));
      }
      try (FileAuditSink sink = sinkBuilder.build();
          FileKillSwitches switches = open(sink)) {
        flip(switches, t, spec.commandLine().getOut());
      }
      spec.commandLine().getOut().flush();
      return OK;
    }

    abstract void flip(FileKillSwitches switches, KillSwitch.Target t, PrintWriter out);

    /**
     * The store. This short-lived command has no last good switches to start from: it does not
     * write over a file it cannot read, as that would drop (revive) the switches in it.
     */
    private FileKillSwitches open(FileAuditSink sink) {
      try {
        return FileKillSwitches.builder(file).auditSink(sink).operatorRole(role).watch(false).build();
      } catch (KillSwitchException e) {
        if (!Files.exists(file)) {
          throw e;
        }
        throw new KillSwitchException(null, e.getMessage() + "; nothing was changed: the command does not write "
            + "over a file it cannot read, as that would drop the switches in it. Running clients keep the "
            + "switches they last read; fix the file by hand (the error says where) and run the command again",
            e);
      }
    }
  }

  @Command(name = "kill", mixinStandardHelpOptions = true,
      description = "Disable a model, a prompt (or one version), a tenant or everything for new calls. Running "
          + "clients that watch FILE stop such calls within a second. The flip is an audit event in --audit-dir.")
  static final class Kill extends Flip {
    @Override
    void flip(FileKillSwitches switches, KillSwitch.Target t, PrintWriter out) {
      boolean was = switches.find(t).isPresent();
      KillSwitch k = switches.kill(t, by, why);
      out.printf("%s %s (by %s since %s: %s)%n", was ? "already disabled:" : "DISABLED", k.target(), k.by(),
          k.since(), k.why());
    }
  }

  @Command(name = "revive", mixinStandardHelpOptions = true,
      description = "Enable again what kill disabled. The flip is an audit event in --audit-dir.")
  static final class Revive extends Flip {
    @Override
    void flip(FileKillSwitches switches, KillSwitch.Target t, PrintWriter out) {
      out.println(switches.revive(t, by, why) ? "ENABLED " + t : "not disabled: " + t + " (nothing changed)");
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the kill switches in force.")
  static final class ListSwitches implements Callable<Integer> {
    @Option(names = "--file", required = true, paramLabel = "FILE", description = "the kill-switch file")
    Path file;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (FileKillSwitches switches = FileKillSwitches.builder(file).watch(false).build()) {
        List<KillSwitch> list = switches.list();
        if (list.isEmpty()) {
          out.println("no kill switches in force");
        }
        for (KillSwitch k : list) {
          out.printf("%s\tsince %s\tby %s\t%s%n", k.target(), k.since(), k.by(), k.why());
        }
      }
      out.flush();
      return OK;
    }
  }

  @Command(name = "report", mixinStandardHelpOptions = true,
      description = "The compliance report over the audit logs in DIR... for a period. Exit 1 when a log's "
          + "chain does not verify (the report is still written and says so).")
  static final class Report implements Callable<Integer> {
    @Option(names = "--from", required = true, paramLabel = "DATE|INSTANT",
        description = "start, inclusive: 2026-11-01 (UTC midnight) or 2026-11-01T08:00:00Z")
    String from;

    @Option(names = "--to", required = true, paramLabel = "DATE|INSTANT",
        description = "end: a date includes that whole day (UTC); an instant is exclusive")
    String to;

    @Option(names = "--format", paramLabel = "FORMAT", description = "markdown (default), html or csv")
    String format = "markdown";

    @Option(names = "--out", paramLabel = "FILE", description = "write here instead of standard output")
    Path out;

    @Option(names = "--key-file", paramLabel = "FILE", description = "the HMAC chain key of the logs, if they have one")
    Path keyFile;

    @Parameters(paramLabel = "DIR", arity = "1..*", description = "audit log directories")
    List<Path> dirs;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      ReportFormat f = format(format);
      Optional<byte[]> key = keyFile == null ? Optional.empty() : Optional.of(Files.readAllBytes(keyFile));
      ComplianceReport report = ComplianceReport.read(instant(from, "--from", false), instant(to, "--to", true), dirs, key);
      String text = f.render(report);
      if (out == null) {
        spec.commandLine().getOut().print(text);
        spec.commandLine().getOut().flush();
      } else {
        Files.writeString(out, text);
      }
      boolean verified = report.sources().stream().allMatch(ComplianceReport.Source::verified);
      if (!verified) {
        spec.commandLine().getErr().println("hai-governance: an audit log did not verify; see the report's sources");
        spec.commandLine().getErr().flush();
      }
      return verified ? OK : UNVERIFIED;
    }

    private static ReportFormat format(String name) {
      switch (name.toLowerCase(java.util.Locale.ROOT)) {
        case "markdown", "md":
          return ReportFormat.MARKDOWN;
        case "html":
          return ReportFormat.HTML;
        case "csv":
          return ReportFormat.CSV;
        default:
          throw new IllegalArgumentException("--format must be markdown, html or csv, was '" + name + "'");
      }
    }

    static Instant instant(String text, String option, boolean endOfDay) {
      try {
        if (text.length() == 10) {
          LocalDate d = LocalDate.parse(text);
          return (endOfDay ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(option + " must be a date such as 2026-11-01 or an instant such as "
            + "2026-11-01T08:00:00Z, was '" + text + "'");
      }
    }
  }
}

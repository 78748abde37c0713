package dev.hai.eval.internal.cli;

import dev.hai.core.audit.FileAuditSink;
import dev.hai.core.route.FileRoutes;
import dev.hai.core.route.JsonlShadowStore;
import dev.hai.core.route.Route;
import dev.hai.eval.EvalException;
import dev.hai.eval.feedback.FeedbackStore;
import dev.hai.eval.feedback.JsonlFeedbackStore;
import dev.hai.eval.rollout.ArmCall;
import dev.hai.eval.rollout.DecisionEngine;
import dev.hai.eval.rollout.RolloutCriteria;
import dev.hai.eval.rollout.RolloutData;
import dev.hai.eval.rollout.RolloutDecision;
import dev.hai.eval.rollout.RolloutEvidence;
import dev.hai.eval.rollout.RolloutReport;
import dev.hai.prompts.LabelChange;
import dev.hai.prompts.PromptRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hai-eval rollout} and its {@code report} subcommand. */
@Command(name = "rollout", mixinStandardHelpOptions = true,
    description = "Champion / challenger rollouts: decide on clinicians' feedback, report, apply.",
    subcommands = {RolloutCommand.Report.class, RolloutCommand.Apply.class})
public final class RolloutCommand implements Callable<Integer> {
  /** Exit status when the decision is ROLLBACK (the report is written; applied with --apply). */
  public static final int ROLLBACK = 1;
  /** Exit status when --apply could not make the change (the report is written). */
  public static final int APPLY_FAILED = 3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return EvalCommand.USAGE;
  }

  /** {@code hai-eval rollout report}. */
  @Command(name = "report", mixinStandardHelpOptions = true,
      description = "Decide PROMOTE / ROLLBACK / KEEP_TESTING for one route from its audit log and the feedback,"
          + " write the HTML report and JSON summary, and with --apply make the change.")
  static class Report implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--audit", required = true, paramLabel = "DIR",
        description = "The audit log directory (a FileAuditSink's): which arm served each call.")
    Path audit;

    @Option(names = "--route", required = true, paramLabel = "NAME", description = "The route to decide on.")
    String route;

    @Option(names = "--feedback", required = true, paramLabel = "FILE",
        description = "The feedback store (a JsonlFeedbackStore file).")
    Path feedback;

    @Option(names = "--shadow", paramLabel = "FILE", description = "A JsonlShadowStore file: shadow agreement rates.")
    @Nullable Path shadow;

    @Option(names = "--routes", paramLabel = "FILE",
        description = "The route file (FileRoutes) the service watches; --apply writes the new share there.")
    @Nullable Path routes;

    @Option(names = "--from", paramLabel = "INSTANT", description = "First call time included (ISO-8601).")
    @Nullable String from;

    @Option(names = "--to", paramLabel = "INSTANT", description = "First call time excluded (ISO-8601).")
    @Nullable String to;

    @Option(names = "--html", paramLabel = "FILE", description = "Write the HTML report (atomically).")
    @Nullable Path html;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the JSON summary (atomically).")
    @Nullable Path json;

    @Option(names = "--alpha", defaultValue = "0.05", paramLabel = "A", description = "Significance level. Default: ${DEFAULT-VALUE}.")
    double alpha;

    @Option(names = "--power", defaultValue = "0.8", paramLabel = "P", description = "Power for the sample size. Default: ${DEFAULT-VALUE}.")
    double power;

    @Option(names = "--min-effect", defaultValue = "0.05", paramLabel = "D",
        description = "Accuracy improvement that matters (absolute). Default: ${DEFAULT-VALUE}.")
    double minEffect;

    @Option(names = "--ni-margin", paramLabel = "M",
        description = "Promote a challenger at most M worse (one-sided non-inferiority test). Default: off.")
    @Nullable Double niMargin;

    @Option(names = "--max-unsafe", defaultValue = "3", paramLabel = "N",
        description = "UNSAFE answers beyond the champion's rate that roll back. Default: ${DEFAULT-VALUE}.")
    int maxUnsafe;

    @Option(names = "--no-yates", description = "Chi-square without Yates' continuity correction.")
    boolean noYates;

    @Option(names = "--partial-correct", description = "Count PARTIALLY_CORRECT as correct.")
    boolean partialCorrect;

    @Option(names = "--apply", description = "Make the change: PROMOTE sets the challenger's share to 100%% (or, with"
        + " --prompts, moves the label to its version and the share to 0); ROLLBACK sets the share to 0.")
    boolean apply;

    @Option(names = "--by", paramLabel = "ACTOR", description = "Who applies (recorded). Required with --apply.")
    @Nullable String by;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why (recorded). Default: the decision's first reason.")
    @Nullable String reason;

    @Option(names = "--prompts", paramLabel = "DIR",
        description = "The prompt registry directory, when the arms are prompt versions: --apply moves --prompt-label.")
    @Nullable Path prompts;

    @Option(names = "--prompt-label", defaultValue = "production", paramLabel = "LABEL",
        description = "The label --apply moves on PROMOTE. Default: ${DEFAULT-VALUE}.")
    String promptLabel;

    @Option(names = "--event-audit", paramLabel = "DIR",
        description = "Where --apply --prompts records the label move's audit event. Default: --audit. An audit"
            + " directory has one writer, so while the service runs, give the operators' own audit directory.")
    @Nullable Path eventAudit;

    @Option(names = "--audit-key-file", paramLabel = "FILE",
        description = "The audit log's HMAC chain key, if it is written with one (for the label move's event).")
    @Nullable Path auditKeyFile;

    @Override
    public Integer call() {
      if (!Files.isDirectory(audit)) {
        throw new EvalException("--audit: " + audit + " is not a directory");
      }
      if (!Files.isRegularFile(feedback)) {
        throw new EvalException("--feedback: " + feedback + " is not a file");
      }
      if (apply && (by == null || by.isBlank())) {
        throw new EvalException("--apply needs --by (who makes the change, recorded in the audit trail)");
      }
      if (apply && routes == null && prompts == null) {
        throw new EvalException("--apply needs --routes (the route file the service watches) or --prompts");
      }
      RolloutCriteria criteria = RolloutCriteria.builder().alpha(alpha).power(power).minimumEffect(minEffect)
          .nonInferiorityMargin(niMargin).maxChallengerUnsafe(maxUnsafe).yates(!noYates)
          .partialCountsAsCorrect(partialCorrect).build();
      RolloutData data;
      try (FeedbackStore store = JsonlFeedbackStore.builder(feedback).callIndex(id -> Optional.empty()).build()) {
        data = RolloutData.fromAuditLog(audit, route, store, instant("--from", from), instant("--to", to));
      }
      if (data.calls().isEmpty()) {
        throw new EvalException("no calls of route '" + route + "' in " + audit
            + (from != null || to != null ? " in the period given" : ""));
      }
      if (shadow != null) {
        try (JsonlShadowStore s = JsonlShadowStore.open(shadow, false)) {
          data = data.withShadowAgreement(s, route);
        }
      }
      RolloutReport report = RolloutReport.of(route, data, DecisionEngine.of(criteria));
      if (html != null) {
        report.writeHtml(html);
      }
      if (json != null) {
        report.writeJson(json);
      }
      PrintWriter out = spec.commandLine().getOut();
      print(out, report);
      int status = report.decision() instanceof RolloutDecision.Rollback ? ROLLBACK : 0;
      if (apply) {
        try {
          applyDecision(out, report.decision(), data);
        } catch (RuntimeException e) {
          spec.commandLine().getErr().println("hai-eval: --apply failed, nothing more changed: " + e.getMessage());
          return APPLY_FAILED;
        }
      }
      out.flush();
      return status;
    }

    private void applyDecision(PrintWriter out, RolloutDecision decision, RolloutData data) {
      String why = reason != null ? reason : decision.name().toLowerCase(Locale.ROOT) + ": " + decision.reasons().get(0);
      if (decision instanceof RolloutDecision.Rollback) {
        setShare(out, 0, why);
      } else if (decision instanceof RolloutDecision.Promote && prompts != null) {
        moveLabel(out, data, why);
        setShare(out, 0, why);
      } else if (decision instanceof RolloutDecision.Promote) {
        setShare(out, Route.BASIS_POINTS, why);
      } else {
        out.println("apply: KEEP_TESTING changes nothing");
      }
    }

    private void setShare(PrintWriter out, int share, String why) {
      if (routes == null) {
        out.println("apply: no --routes file; the route's share is unchanged (set it to " + share
            + " basis points where the service reads it)");
        return;
      }
      FileRoutes.write(routes, route, share, by, why, Clock.systemUTC());
      out.printf(Locale.ROOT, "apply: %s: challenger share set to %.2f%% in %s (the service applies and audits it)%n",
          route, share / 100.0, routes);
    }

    private void moveLabel(PrintWriter out, RolloutData data, String why) {
      ArmCall latest = data.calls().stream().filter(c -> c.role() == ArmCall.Role.CHALLENGER)
          .filter(c -> c.promptId() != null && c.promptVersion() != null)
          .max(Comparator.comparing(ArmCall::time))
          .orElseThrow(() -> new EvalException("--prompts: the challenger's calls record no prompt version, so its"
              + " arm is not a prompt version; promote it with --routes"));
      Path events = eventAudit != null ? eventAudit : audit;
      FileAuditSink.Builder sb = FileAuditSink.builder(events);
      if (auditKeyFile != null) {
        try {
          sb.chainKey(Files.readAllBytes(auditKeyFile));
        } catch (IOException e) {
          throw new EvalException("cannot read --audit-key-file " + auditKeyFile + ": " + e.getMessage(), e);
        }
      }
      try (FileAuditSink sink = sb.build();
          PromptRegistry registry = PromptRegistry.builder().directory(prompts).auditSink(sink).build()) {
        LabelChange c = registry.moveLabel(latest.promptId(), promptLabel, latest.promptVersion(), by, why);
        out.printf(Locale.ROOT, "apply: %s@%s moved %s -> %s (audited in %s)%n", latest.promptId(), promptLabel,
            c.from() == null ? "(none)" : c.from(), c.to(), events);
      }
    }

    private static @Nullable Instant instant(String option, @Nullable String value) {
      if (value == null) {
        return null;
      }
      try {
        return Instant.parse(value);
      } catch (DateTimeParseException e) {
        throw new EvalException(option + ": not an ISO-8601 instant such as 2026-11-26T08:00:00Z: " + value);
      }
    }
  }

  /** {@code hai-eval rollout apply}: {@code report --apply}. */
  @Command(name = "apply", mixinStandardHelpOptions = true,
      description = "As 'report --apply': decide, write what was asked, and make the change.")
  static final class Apply extends Report {
    @Override
    public Integer call() {
      apply = true;
      return super.call();
    }
  }

  static void print(PrintWriter out, RolloutReport report) {
    RolloutDecision d = report.decision();
    RolloutEvidence e = d.evidence();
    out.printf(Locale.ROOT, "route %s: %s%n", report.route(), d.name());
    for (String r : d.reasons()) {
      out.println("  - " + r);
    }
    for (var s : java.util.List.of(e.champion(), e.challenger())) {
      out.printf(Locale.ROOT, "  %-10s %-20s calls %d, feedback %d, accuracy %.3f [%.3f, %.3f], UNSAFE %d%n",
          s.role().name().toLowerCase(Locale.ROOT), s.arm(), s.calls(), s.withFeedback(), s.accuracy().estimate(),
          s.accuracy().lower(), s.accuracy().upper(), s.unsafe());
    }
    if (e.accuracyTest() != null) {
      out.printf(Locale.ROOT, "  accuracy test %s: p = %.4g; feedback per arm %d, needed %d%n", e.accuracyTest().test(),
          e.accuracyTest().pValue(), e.samplePerArm(), e.superioritySample());
    }
    out.flush();
  }
}

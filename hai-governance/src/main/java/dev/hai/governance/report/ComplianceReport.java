package dev.hai.governance.report;

import dev.hai.core.InvalidRequestException;
import dev.hai.core.audit.AuditException;
import dev.hai.core.audit.AuditLogReader;
import dev.hai.core.audit.AuditRecord;
import dev.hai.core.audit.AuditVerification;
import dev.hai.core.audit.AuditVerifier;
import dev.hai.governance.internal.report.Collector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * What the audit trail says about a period, for a compliance review: calls counted by outcome,
 * tenant, actor, role, purpose of use, prompt and model; every denial with its reason; every
 * break-glass use with its justification, whatever the call's outcome; calls stopped by kill
 * switches; kill-switch flips, prompt label changes and prompt experiments started or ended, with
 * who, why, from and to. Render it with {@link ReportFormat}.
 *
 * <pre>{@code
 * ComplianceReport report = ComplianceReport.read(
 *     Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"),
 *     List.of(Path.of("/var/lib/myapp/hai-audit")), Optional.empty());
 * Files.writeString(Path.of("november.html"), ReportFormat.HTML.render(report));
 * }</pre>
 *
 * <p>The report holds what the records hold: no PHI in clear (reasons and justifications were
 * redacted when recorded). It is a value: the same records give the same report, byte for byte.
 *
 * @param from the period's start, inclusive
 * @param to the period's end, exclusive
 * @param sources the audit directories read, each with the result of verifying its chain
 * @param calls the number of call records in the period (administrative events not counted)
 * @param tallies calls counted per value of each {@link Dimension}, most calls first
 * @param denials calls the policy denied, oldest first
 * @param breakGlass calls that claimed emergency access, oldest first, including calls that ended
 *     before the policy stage (rejected, disabled)
 * @param disabled calls a kill switch stopped, oldest first
 * @param killSwitchFlips kill switches flipped, oldest first
 * @param promptLabelChanges prompt labels moved (promotions, rollbacks) and prompt experiments
 *     started or ended (kinds {@code prompt.label}, {@code prompt.experiment.start}, {@code
 *     prompt.experiment.end}), oldest first
 * @param otherEvents administrative events of other kinds, oldest first
 */
public record ComplianceReport(
    Instant from,
    Instant to,
    List<Source> sources,
    long calls,
    Map<Dimension, List<Tally>> tallies,
    List<CallEntry> denials,
    List<CallEntry> breakGlass,
    List<CallEntry> disabled,
    List<Change> killSwitchFlips,
    List<Change> promptLabelChanges,
    List<Change> otherEvents) {

  public ComplianceReport {
    sources = List.copyOf(sources);
    tallies = Map.copyOf(tallies);
    denials = List.copyOf(denials);
    breakGlass = List.copyOf(breakGlass);
    disabled = List.copyOf(disabled);
    killSwitchFlips = List.copyOf(killSwitchFlips);
    promptLabelChanges = List.copyOf(promptLabelChanges);
    otherEvents = List.copyOf(otherEvents);
  }

  /** What calls are counted by. */
  public enum Dimension {
    OUTCOME("outcome"),
    TENANT("tenant"),
    ACTOR("actor"),
    ROLE("role"),
    PURPOSE("purpose of use"),
    PROMPT("prompt"),
    MODEL("model");

    private final String label;

    Dimension(String label) {
      this.label = label;
    }

    /** The dimension in words, for headings. */
    public String label() {
      return label;
    }
  }

  /**
   * A value of a dimension and how many calls had it.
   *
   * @param key the value: an actor id, a role, {@code prompt@version}, a model; {@code (none)} when
   *     the record had none (no versioned prompt, no model reached)
   * @param calls how many calls
   */
  public record Tally(String key, long calls) {}

  /**
   * An audit directory the report read.
   *
   * @param directory the directory
   * @param records records in the period read from it
   * @param verified whether its whole hash chain verified
   * @param detail the verification in words: records verified, or where and why it broke
   */
  public record Source(Path directory, long records, boolean verified, String detail) {}

  /**
   * One call, as a denial, a break-glass use or a disabled call lists it.
   *
   * @param time when the call ended
   * @param callId the call's id
   * @param tenant the caller's tenant
   * @param actorId the caller
   * @param role the caller's role
   * @param purpose the purpose of use
   * @param prompt {@code id@version} of a versioned prompt, or null
   * @param model the model reached or tried, or null
   * @param outcome the call's outcome
   * @param detail the outcome's detail ({@code POLICY} or {@code POLICY_ERROR} for a denial, the
   *     switch's target for a disabled call)
   * @param decisionId the policy decision's id (as in the decision log), when the call reached the
   *     policy stage
   * @param text the denial reason, the break-glass justification, or the disabled call's reason
   */
  public record CallEntry(
      Instant time,
      UUID callId,
      String tenant,
      String actorId,
      String role,
      String purpose,
      @Nullable String prompt,
      @Nullable String model,
      String outcome,
      @Nullable String detail,
      @Nullable String decisionId,
      @Nullable String text) {}

  /**
   * An administrative event: a kill-switch flip, a prompt label change.
   *
   * @param time when it was recorded
   * @param kind the event kind, such as {@code killswitch.flip} or {@code prompt.label}
   * @param subject what changed, such as {@code model:gpt-4o} or {@code discharge-summary@production}
   * @param from the state before, or null
   * @param to the state after, or null
   * @param actorId who made the change
   * @param role the role they acted in
   * @param tenant the tenant it applies to, {@code *} for all
   * @param reason why, as recorded
   */
  public record Change(
      Instant time,
      String kind,
      String subject,
      @Nullable String from,
      @Nullable String to,
      String actorId,
      String role,
      String tenant,
      @Nullable String reason) {}

  /**
   * The report over records already read; records outside {@code [from, to)} are skipped.
   *
   * @throws InvalidRequestException if {@code to} is not after {@code from}
   */
  public static ComplianceReport of(Instant from, Instant to, Iterable<AuditRecord> records) {
    checkPeriod(from, to);
    Collector c = new Collector(from, to);
    records.forEach(c::add);
    return c.report(List.of());
  }

  /**
   * Verifies each directory's chain and reads its records in the period. A directory that does not
   * verify is still read, and the report says so in its {@link #sources()}: a reviewer must see
   * both what the log says and that it was tampered with. A line that is not a record at all ends
   * the reading of its directory: the records before it are reported, and the source says where.
   *
   * @param hmacKey the chain key, for logs written with one
   * @throws InvalidRequestException for a bad period or a path that is not a directory
   */
  public static ComplianceReport read(Instant from, Instant to, List<Path> directories, Optional<byte[]> hmacKey) {
    checkPeriod(from, to);
    if (directories.isEmpty()) {
      throw new InvalidRequestException("directories", "name at least one audit directory");
    }
    Collector c = new Collector(from, to);
    List<Source> sources = new ArrayList<>();
    for (Path dir : directories) {
      if (!Files.isDirectory(dir)) {
        throw new InvalidRequestException("directories", "not a directory: " + dir);
      }
      AuditVerification v = AuditVerifier.verify(dir, hmacKey);
      long before = c.records();
      String unread = null;
      try (Stream<AuditRecord> records = AuditLogReader.stream(dir)) {
        records.forEach(c::add);
      } catch (AuditException e) {
        // A line that is not a record (a torn write, an edit): report what came before it.
        unread = "; the records from " + e.getMessage() + " on could not be read";
      }
      String detail = v.broken()
          .map(b -> "BROKEN: " + b.problem() + " at " + b.file().getFileName() + " line " + b.line() + " ("
              + b.detail() + "); " + v.records() + " records verified before it")
          .orElse(v.records() + " records in " + v.files() + " files verified");
      boolean ok = v.ok() && unread == null;
      if (unread != null) {
        detail = (v.ok() ? "BROKEN: " : "") + detail + unread;
      }
      sources.add(new Source(dir, c.records() - before, ok, detail));
    }
    return c.report(sources);
  }

  private static void checkPeriod(Instant from, Instant to) {
    if (from == null || to == null) {
      throw new InvalidRequestException("period", "from and to are required");
    }
    if (!to.isAfter(from)) {
      throw new InvalidRequestException("period", "to (" + to + ") must be after from (" + from + ")");
    }
  }
}

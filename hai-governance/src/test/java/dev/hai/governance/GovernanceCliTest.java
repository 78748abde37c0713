package dev.hai.governance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hai.core.KillSwitch;
import dev.hai.core.audit.AuditLogReader;
import dev.hai.core.audit.AuditRecord;
import dev.hai.governance.internal.cli.GovernanceCommand;
import dev.hai.governance.kill.FileKillSwitches;
import dev.hai.governance.report.ComplianceReportTest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hai-governance command line, run in-process against real files. */
class GovernanceCliTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = GovernanceCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  /* --- kill, list, revive --- */

  @Test
  void kill_listRevive_flipTheFileAWatchingStoreReadsAndRecordEvents() throws Exception {
    Path file = dir.resolve("kill-switches.json");
    Path admin = dir.resolve("admin-audit");
    try (FileKillSwitches app = FileKillSwitches.builder(file).build()) {
      Run kill = run("kill", "--file", file.toString(), "--model", "gpt-4o", "--by", "ops-7",
          "--why", "INC-4411: wrong doses", "--audit-dir", admin.toString());

      assertThat(kill.code()).as(kill.err()).isZero();
      assertThat(kill.out()).startsWith("DISABLED model:gpt-4o (by ops-7 since ");
      app.refresh(); // the watcher would do this within a second; the test does not wait for it
      assertThat(app.find(KillSwitch.Target.model("gpt-4o"))).isPresent();

      Run list = run("list", "--file", file.toString());
      assertThat(list.out()).startsWith("model:gpt-4o\tsince ").contains("\tby ops-7\tINC-4411: wrong doses");

      Run again = run("kill", "--file", file.toString(), "--target", "model:gpt-4o", "--by", "ops-8",
          "--why", "x", "--audit-dir", admin.toString());
      assertThat(again.out()).startsWith("already disabled: model:gpt-4o (by ops-7");

      Run revive = run("revive", "--file", file.toString(), "--model", "gpt-4o", "--by", "ops-7",
          "--why", "fixed", "--audit-dir", admin.toString(), "--role", "incident-commander");
      assertThat(revive.out()).isEqualTo("ENABLED model:gpt-4o" + System.lineSeparator());
      app.refresh();
      assertThat(app.list()).isEmpty();
      assertThat(run("list", "--file", file.toString()).out()).startsWith("no kill switches in force");
    }
    List<AuditRecord> events = AuditLogReader.readAll(admin);
    assertThat(events).extracting(r -> r.event().to() + " " + r.actorId() + " " + r.actorRole())
        .containsExactly("disabled ops-7 operations", "enabled ops-7 incident-commander");
  }

  @Test
  void kill_everyTargetOption_writesItsTarget() throws IOException {
    Path file = dir.resolve("k.json");
    String admin = dir.resolve("admin").toString();
    for (String[] opt : List.of(new String[] {"--all"}, new String[] {"--tenant", "oncology"},
        new String[] {"--prompt", "discharge@1.3.0"}, new String[] {"--prompt", "triage"})) {
      String[] args = new String[opt.length + 9];
      System.arraycopy(new String[] {"kill", "--file", file.toString(), "--by", "o", "--why", "w", "--audit-dir", admin},
          0, args, 0, 9);
      System.arraycopy(opt, 0, args, 9, opt.length);
      assertThat(run(args).code()).isZero();
    }
    assertThat(Files.readString(file))
        .contains("\"all\"", "\"tenant:oncology\"", "\"prompt:discharge@1.3.0\"", "\"prompt:triage\"");
  }

  @Test
  void kill_badUsage_exits2WithAMessage() {
    String file = dir.resolve("k.json").toString();
    String admin = dir.resolve("admin").toString();

    Run noTarget = run("kill", "--file", file, "--by", "o", "--why", "w", "--audit-dir", admin);
    Run twoTargets = run("kill", "--file", file, "--all", "--model", "m", "--by", "o", "--why", "w", "--audit-dir", admin);
    Run badTarget = run("kill", "--file", file, "--target", "gpt-4o", "--by", "o", "--why", "w", "--audit-dir", admin);
    Run noWhy = run("kill", "--file", file, "--all", "--by", "o", "--audit-dir", admin);

    assertThat(List.of(noTarget, twoTargets, badTarget, noWhy)).allSatisfy(r -> assertThat(r.code()).isEqualTo(2));
    assertThat(badTarget.err()).contains("not a target");
    assertThat(noWhy.err()).contains("--why");
    assertThat(dir.resolve("k.json")).doesNotExist();
  }

  @Test
  void kill_fileWithBadContent_changesNothingAndSaysHowToGoOn() throws Exception {
    // given: a hand edit broke the file; the running clients keep their last good switches
    Path file = dir.resolve("k.json");
    String bad = "{\"format\": 1, \"switches\": [{\"target\": \"model:m-old\"";
    Files.writeString(file, bad);

    // when
    Run kill = run("kill", "--file", file.toString(), "--model", "gpt-4o", "--by", "o", "--why", "INC-1",
        "--audit-dir", dir.resolve("admin").toString());

    // then: not written over (that would drop the switches in it), and the operator is told what to do
    assertThat(kill.code()).isEqualTo(2);
    assertThat(kill.err()).contains("not valid JSON").contains("nothing was changed")
        .contains("fix the file");
    assertThat(Files.readString(file)).isEqualTo(bad);
  }

  /* --- report --- */

  @Test
  void report_overAppAndAdminLogs_writesEachFormat() throws Exception {
    Path appAudit = Files.createDirectory(dir.resolve("audit"));
    ComplianceReportTest.writeTrail(appAudit, dir.resolve("kill-switches.json"));

    Run md = run("report", "--from", "2026-11-26", "--to", "2026-11-26", appAudit.toString());
    Path html = dir.resolve("r.html");
    Run toFile = run("report", "--from", "2026-11-26T00:00:00Z", "--to", "2026-11-27T00:00:00Z",
        "--format", "html", "--out", html.toString(), appAudit.toString());
    Run csv = run("report", "--from", "2026-11-26", "--to", "2026-11-26", "--format", "csv", appAudit.toString());

    assertThat(md.code()).as(md.err()).isZero();
    assertThat(md.out()).startsWith("# HAI compliance report").contains("7 calls from 2026-11-26T00:00:00Z");
    assertThat(toFile.code()).isZero();
    assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains("7 calls");
    assertThat(csv.out()).startsWith("section,key,count,");
  }

  @Test
  void report_tamperedLog_exits1AndStillWritesTheReport() throws Exception {
    Path appAudit = Files.createDirectory(dir.resolve("audit"));
    ComplianceReportTest.writeTrail(appAudit, dir.resolve("kill-switches.json"));
    Path log;
    try (var files = Files.list(appAudit)) {
      log = files.filter(p -> p.toString().endsWith(".jsonl")).sorted().reduce((a, b) -> b).orElseThrow();
    }
    Files.writeString(log, Files.readString(log).replace("wrong doses", "wrong dosez"));

    Run r = run("report", "--from", "2026-11-26", "--to", "2026-11-26", appAudit.toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("BROKEN");
    assertThat(r.err()).contains("did not verify");
  }

  @Test
  void report_badDate_exits2() {
    Run r = run("report", "--from", "yesterday", "--to", "2026-11-26", dir.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--from must be a date such as 2026-11-01");
  }
}

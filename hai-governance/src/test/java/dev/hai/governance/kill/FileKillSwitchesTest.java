package dev.hai.governance.kill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hai.core.Caller;
import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.ClinicalResult;
import dev.hai.core.KillSwitch;
import dev.hai.core.PurposeOfUse;
import dev.hai.core.audit.AuditLogReader;
import dev.hai.core.audit.AuditRecord;
import dev.hai.core.audit.AuditVerifier;
import dev.hai.core.audit.FileAuditSink;
import dev.hai.core.testing.FakeBackend;
import dev.hai.governance.internal.kill.SwitchFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file store against real files, a real audit sink and a real client with a fake backend. */
class FileKillSwitchesTest {
  private static final Caller CALLER = Caller.of("u-1", "physician", "cardiology", PurposeOfUse.TREATMENT);
  private static final KillSwitch.Target MODEL = KillSwitch.Target.model("primary-model");
  /** Far above the promise (1 s) so that a loaded build machine does not fail the test. */
  private static final Duration GENEROUS = Duration.ofSeconds(10);

  @TempDir Path dir;
  private Path file;
  private Path auditDir;
  private FileAuditSink audit;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeEach
  void open() throws IOException {
    file = dir.resolve("kill-switches.json");
    auditDir = Files.createDirectory(dir.resolve("audit"));
    audit = FileAuditSink.builder(auditDir).build();
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
    audit.close();
  }

  private FileKillSwitches.Builder store() {
    return FileKillSwitches.builder(file).auditSink(audit);
  }

  private FileKillSwitches open(FileKillSwitches.Builder b) {
    FileKillSwitches s = b.build();
    toClose.add(s);
    return s;
  }

  private static ClinicalRequest request() {
    return ClinicalRequest.builder().caller(CALLER).user("Summarise.").build();
  }

  private List<AuditRecord> events() {
    return AuditLogReader.readAll(auditDir).stream().filter(AuditRecord::isEvent).toList();
  }

  /* --- flip and revive through a client --- */

  @Test
  void kill_nextCallIsDisabled_reviveLetsCallsPass() {
    FileKillSwitches switches = open(store());
    FakeBackend backend = new FakeBackend("primary");
    ClinicalModelClient client = ClinicalModelClient.builder()
        .backend(backend).auditSink(audit).killSwitches(switches).build();
    assertThat(client.call(request()).isSuccess()).isTrue();

    KillSwitch k = switches.kill(MODEL, "ops-7", "INC-4411: wrong doses");
    ClinicalResult disabled = client.call(request());

    assertThat(disabled).isInstanceOf(ClinicalResult.Disabled.class);
    assertThat(((ClinicalResult.Disabled) disabled).killSwitch()).isEqualTo(k);
    assertThat(backend.calls()).hasSize(1);

    assertThat(switches.revive(MODEL, "ops-7", "fixed upstream")).isTrue();

    assertThat(client.call(request()).isSuccess()).isTrue();
    assertThat(backend.calls()).hasSize(2);
    List<String> outcomes = AuditLogReader.readAll(auditDir).stream().map(AuditRecord::outcome).toList();
    assertThat(outcomes).containsExactly("success", "event", "disabled", "event", "success");
    assertThat(AuditVerifier.verify(auditDir, Optional.empty()).ok()).isTrue();
  }

  /* --- audit events --- */

  @Test
  void flips_eachFlipIsOneChainedEventWithWhoWhyFromTo() {
    FileKillSwitches switches = open(store().operatorRole("incident-commander"));

    switches.kill(KillSwitch.Target.tenant("oncology"), "ops-7", "INC-1: data leak suspected");
    switches.kill(KillSwitch.Target.tenant("oncology"), "ops-8", "again"); // already disabled: no flip
    switches.revive(KillSwitch.Target.tenant("oncology"), "ops-9", "INC-1 closed");
    assertThat(switches.revive(KillSwitch.Target.tenant("oncology"), "ops-9", "again")).isFalse();

    List<AuditRecord> events = events();
    assertThat(events).hasSize(2);
    AuditRecord killed = events.get(0);
    assertThat(killed.event().kind()).isEqualTo("killswitch.flip");
    assertThat(killed.event().subject()).isEqualTo("tenant:oncology");
    assertThat(killed.event().from()).isEqualTo("enabled");
    assertThat(killed.event().to()).isEqualTo("disabled");
    assertThat(killed.actorId()).isEqualTo("ops-7");
    assertThat(killed.actorRole()).isEqualTo("incident-commander");
    assertThat(killed.tenant()).isEqualTo("oncology");
    assertThat(killed.outcomeReason()).isEqualTo("INC-1: data leak suspected");
    AuditRecord revived = events.get(1);
    assertThat(revived.event().from()).isEqualTo("disabled");
    assertThat(revived.event().to()).isEqualTo("enabled");
    assertThat(revived.actorId()).isEqualTo("ops-9");
    assertThat(revived.prev()).isEqualTo(killed.hash());
    assertThat(AuditVerifier.verify(auditDir, Optional.empty()).ok()).isTrue();
  }

  @Test
  void kill_alreadyDisabled_returnsTheSwitchInForce() {
    FileKillSwitches switches = open(store());
    KillSwitch first = switches.kill(MODEL, "ops-7", "first");
    assertThat(switches.kill(MODEL, "ops-8", "second")).isEqualTo(first);
    assertThat(switches.list()).containsExactly(first);
  }

  @Test
  void list_afterFlipsInThisStore_isOrderedByTarget() {
    FileKillSwitches switches = open(store().watch(false));
    List<String> targets = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      targets.add("tenant:t" + Integer.toString(100 - i));
    }

    for (String t : targets) {
      switches.kill(KillSwitch.Target.parse(t), "ops-7", "drill");
    }

    List<String> sorted = targets.stream().sorted().toList();
    assertThat(switches.list()).extracting(k -> k.target().toString()).containsExactlyElementsOf(sorted);
  }

  @Test
  void kill_withoutAuditSink_isRefusedAndWritesNothing() {
    FileKillSwitches switches = open(FileKillSwitches.builder(file));
    assertThatThrownBy(() -> switches.kill(MODEL, "ops-7", "why"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("auditSink");
    assertThat(file).doesNotExist();
  }

  @Test
  void kill_blankWhy_isRefusedBeforeAnythingIsWritten() {
    FileKillSwitches switches = open(store());
    assertThatThrownBy(() -> switches.kill(MODEL, "ops-7", " ")).hasMessageContaining("killSwitch.why");
    assertThat(file).doesNotExist();
    assertThat(events()).isEmpty();
  }

  @Test
  void kill_auditSinkFails_switchStaysInForceAndTheErrorSaysSo() throws IOException {
    FileAuditSink closed = FileAuditSink.builder(Files.createDirectory(dir.resolve("closed"))).build();
    closed.close();
    FileKillSwitches switches = open(FileKillSwitches.builder(file).auditSink(closed));

    assertThatThrownBy(() -> switches.kill(MODEL, "ops-7", "INC-4411"))
        .isInstanceOf(KillSwitchException.class)
        .hasMessageContaining("model:primary-model is now disabled")
        .hasMessageContaining("record this flip by hand");
    assertThat(switches.find(MODEL)).isPresent();
    assertThat(open(FileKillSwitches.builder(file).watch(false)).find(MODEL)).isPresent();
  }

  /* --- the file --- */

  @Test
  void kill_writesAFileThatAnotherStoreReads() throws IOException {
    open(store()).kill(KillSwitch.Target.promptVersion("discharge", "1.3.0"), "ops-7", "omits allergies");

    String json = Files.readString(file);
    assertThat(json).contains("\"format\" : 1", "\"target\" : \"prompt:discharge@1.3.0\"", "\"by\" : \"ops-7\"");
    FileKillSwitches other = open(FileKillSwitches.builder(file).watch(false));
    assertThat(other.find(KillSwitch.Target.promptVersion("discharge", "1.3.0"))).isPresent();
    assertThat(other.find(KillSwitch.Target.prompt("discharge"))).isEmpty();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  void build_missingFile_meansNothingDisabled() {
    FileKillSwitches switches = open(store());
    assertThat(switches.list()).isEmpty();
    assertThat(switches.lastError()).isEmpty();
  }

  @Test
  void build_badFile_throwsNamingTheFileAndTheEntry() throws IOException {
    Files.writeString(file, "{\"format\":1,\"switches\":[{\"target\":\"model:a\",\"by\":\"x\",\"why\":\"y\","
        + "\"since\":\"yesterday\"}]}");
    assertThatThrownBy(() -> store().build())
        .isInstanceOf(KillSwitchException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("switches[0].since must be an instant");
  }

  @Test
  void refresh_badHandEdit_keepsTheLastGoodSwitchesAndSaysWhy() throws IOException {
    FileKillSwitches switches = open(store().watch(false));
    KillSwitch k = switches.kill(MODEL, "ops-7", "INC-4411");
    String good = Files.readString(file);

    for (String bad : List.of(good.substring(0, good.length() / 2), "", "[]",
        good.replace("\"target\"", "\"targte\""), good.replace("model:primary-model", "gpt-4o"))) {
      Files.writeString(file, bad);

      assertThat(switches.refresh()).isFalse();

      assertThat(switches.find(MODEL)).contains(k);
      assertThat(switches.lastError()).get().extracting(KillSwitchException::file).isEqualTo(file);
      assertThat(switches.describe()).contains("FILE NOT READ");
    }
    Files.writeString(file, new String(SwitchFile.write(List.of()), StandardCharsets.UTF_8));
    assertThat(switches.refresh()).isTrue();
    assertThat(switches.find(MODEL)).isEmpty();
    assertThat(switches.lastError()).isEmpty();
  }

  @Test
  void refresh_fileDeleted_keepsTheLastSwitches() throws IOException {
    FileKillSwitches switches = open(store().watch(false));
    switches.kill(MODEL, "ops-7", "INC-4411");
    Files.delete(file);

    switches.refresh();

    assertThat(switches.find(MODEL)).isPresent();
    assertThat(switches.lastError()).get().extracting(Throwable::getMessage).asString().contains("is gone");
  }

  @Test
  void kill_whileTheFileIsBad_startsFromTheLastGoodSwitchesAndKeepsTheBadFile() throws IOException {
    FileKillSwitches switches = open(store().watch(false));
    switches.kill(MODEL, "ops-7", "INC-1");
    Files.writeString(file, "{ oops");
    switches.refresh();

    switches.kill(KillSwitch.Target.all(), "ops-8", "INC-2: stop everything");

    FileKillSwitches reread = open(FileKillSwitches.builder(file).watch(false));
    assertThat(reread.list()).extracting(KillSwitch::target).containsExactly(KillSwitch.Target.all(), MODEL);
    assertThat(switches.lastError()).isEmpty();
    try (var files = Files.list(dir)) {
      Path aside = files.filter(p -> p.getFileName().toString().startsWith("kill-switches.json.rejected-"))
          .findFirst().orElseThrow();
      assertThat(Files.readString(aside)).isEqualTo("{ oops");
    }
  }

  /* --- concurrency --- */

  @Test
  void flips_fromTwoThreadsAndTwoStores_neverCorruptTheFileNorLoseAFlip() throws Exception {
    FileKillSwitches a = open(store().watch(false));
    FileKillSwitches b = open(store().watch(false));
    int perThread = 40;
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger reads = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      Future<?> readerJob = pool.submit(() -> {
        // Every read of the file, taken at any moment, parses.
        while (!done.get()) {
          try {
            byte[] content = Files.readAllBytes(file);
            SwitchFile.parse(file, content);
            reads.incrementAndGet();
          } catch (java.nio.file.NoSuchFileException e) {
            // not yet created
          }
        }
        return null;
      });
      List<Future<?>> writers = new ArrayList<>();
      for (FileKillSwitches store : List.of(a, b)) {
        String who = store == a ? "a" : "b";
        writers.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            KillSwitch.Target t = KillSwitch.Target.tenant(who + "-" + i);
            store.kill(t, "ops-" + who, "drill");
            if (i % 2 == 1) {
              store.revive(t, "ops-" + who, "drill over");
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> w : writers) {
        w.get(60, TimeUnit.SECONDS);
      }
      done.set(true);
      readerJob.get(10, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }

    FileKillSwitches reread = open(FileKillSwitches.builder(file).watch(false));
    assertThat(reread.list()).hasSize(perThread); // the even ones of each thread stay disabled
    assertThat(events()).hasSize(2 * (perThread + perThread / 2));
    assertThat(reads.get()).isPositive();
    assertThat(AuditVerifier.verify(auditDir, Optional.empty()).ok()).isTrue();
  }

  @Test
  void flips_fromAnotherProcess_andThisOneAtOnce_loseNothing() throws Exception {
    // The other process is the command line, flipping 20 tenants; this JVM flips others meanwhile.
    Path childAudit = dir.resolve("child-audit");
    Process child = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"),
            KillLoop.class.getName(), file.toString(), childAudit.toString(), "20")
        .redirectErrorStream(true)
        .start();
    FileKillSwitches here = open(store().watch(false));
    int flipsHere = 0;
    while (child.isAlive() && flipsHere < 2000) { // flips here for as long as the child runs
      here.kill(KillSwitch.Target.tenant("here-" + flipsHere++), "ops-here", "drill");
    }
    String childOutput = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as(childOutput).isZero();

    System.out.printf("cross-process flips: %d here while the child process made 20%n", flipsHere);
    FileKillSwitches reread = open(FileKillSwitches.builder(file).watch(false));
    assertThat(reread.list()).hasSize(flipsHere + 20);
    assertThat(events()).hasSize(flipsHere);
    assertThat(AuditLogReader.readAll(childAudit)).hasSize(20);
  }

  /** The other process of {@link #flips_fromAnotherProcess_andThisOneAtOnce_loseNothing}. */
  public static final class KillLoop {
    public static void main(String[] args) {
      int n = Integer.parseInt(args[2]);
      for (int i = 0; i < n; i++) {
        int code = dev.hai.governance.GovernanceCli.run("kill", "--file", args[0], "--tenant", "child-" + i,
            "--by", "ops-child", "--why", "drill", "--audit-dir", args[1]);
        if (code != 0) {
          System.exit(code);
        }
      }
      System.exit(0);
    }
  }

  /* --- propagation to a watching store --- */

  @Test
  void kill_inAnotherStore_reachesAWatchingStoreWithinTheBound() throws Exception {
    Duration delay = propagation(open(store()));
    System.out.printf("kill switch propagation, WatchService + poll: %d ms%n", delay.toMillis());
    assertThat(delay).isLessThan(GENEROUS);
  }

  @Test
  void kill_inAnotherStore_reachesAPollingOnlyStoreWithinTheBound() throws Exception {
    Duration delay = propagation(open(store().useWatchService(false)));
    System.out.printf("kill switch propagation, poll only (250 ms): %d ms%n", delay.toMillis());
    assertThat(delay).isLessThan(GENEROUS);
  }

  /** Flips in a second, non-watching store (as the command line does) and waits for the watcher. */
  private Duration propagation(FileKillSwitches watching) throws InterruptedException {
    FileKillSwitches flipper = open(store().watch(false));
    long start = System.nanoTime();
    flipper.kill(MODEL, "ops-7", "INC-4411");
    long deadline = start + GENEROUS.toNanos();
    while (watching.find(MODEL).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }
}

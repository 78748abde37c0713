package dev.hai.prompts;

import static dev.hai.prompts.PromptFiles.labels;
import static dev.hai.prompts.PromptFiles.version;
import static dev.hai.prompts.PromptFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hai.core.PromptInfo;
import dev.hai.core.PromptSource;
import dev.hai.core.audit.AuditLogReader;
import dev.hai.core.audit.AuditRecord;
import dev.hai.core.audit.AuditVerifier;
import dev.hai.core.audit.FileAuditSink;
import dev.hai.core.spi.PromptResolver.PromptResolutionException;
import dev.hai.core.spi.ResolvedPrompt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptRegistryTest {
  private static final Map<String, String> VARS = Map.of("note", "BP stable.");

  @TempDir Path root;
  @TempDir Path auditDir;

  private void threeVersions() {
    version(root, "discharge-summary", "1.1.0");
    version(root, "discharge-summary", "1.2.0");
    version(root, "discharge-summary", "1.3.0-rc.1");
    version(root, "discharge-summary", "2.0.0");
    labels(root, "discharge-summary", "labels:\n  production: \"1.1.0\"\n  canary: \"1.2.0\"\n");
  }

  private static PromptSource.Reference ref(String selector) {
    return new PromptSource.Reference("discharge-summary", selector, VARS);
  }

  /* --- resolve --- */

  @Test
  void resolve_labelExactVersionAndRanges_pickTheRightVersion() {
    threeVersions();
    try (PromptRegistry r = PromptRegistry.builder().directory(root).build()) {
      assertThat(r.resolve(ref("production")).info().version()).isEqualTo("1.1.0");
      assertThat(r.resolve(ref("production")).info().label()).isEqualTo("production");
      assertThat(r.resolve(ref("canary")).info().version()).isEqualTo("1.2.0");
      assertThat(r.resolve(ref("1.2.0")).info().label()).isNull();
      assertThat(r.resolve(ref("^1.1")).info().version()).isEqualTo("1.2.0");
      assertThat(r.resolve(ref("~1.1")).info().version()).isEqualTo("1.1.0");
      assertThat(r.resolve(ref("^2")).info().version()).isEqualTo("2.0.0");
      assertThat(r.resolve(ref("1.3.0-rc.1")).info().version()).isEqualTo("1.3.0-rc.1");
    }
  }

  @Test
  void resolve_rendersTheVersionsMessagesWithItsHashAndDefaults() {
    threeVersions();
    try (PromptRegistry r = PromptRegistry.builder().directory(root).build()) {
      ResolvedPrompt p = r.resolve(ref("canary"));
      PromptTemplate t = PromptTemplate.load(root.resolve("discharge-summary/1.2.0.yaml"));
      assertThat(p.info()).isEqualTo(new PromptInfo("discharge-summary", "1.2.0", t.sha256(), "canary", null, null));
      assertThat(p.messages().get(1).content()).isEqualTo("Summarise this note (prompt 1.2.0): BP stable.");
      assertThat(p.defaults().model()).isEqualTo("summary-model");
    }
  }

  @Test
  void resolve_declaredClassification_isInThePromptInfo() {
    write(root, "psych-note/1.0.0.yaml", PromptFiles.yaml("psych-note", "1.0.0") + "classification: restricted\n");
    version(root, "discharge-summary", "1.0.0");
    try (PromptRegistry r = PromptRegistry.builder().directory(root).build()) {
      PromptInfo declared = r.resolve(new PromptSource.Reference("psych-note", "1.0.0", VARS)).info();
      PromptInfo undeclared = r.resolve(ref("1.0.0")).info();

      assertThat(declared.dataClassification()).isEqualTo("restricted");
      assertThat(undeclared.dataClassification()).isNull();
    }
  }

  @Test
  void resolve_unknownPromptLabelVersionOrRange_isRejectedNamingTheField() {
    threeVersions();
    try (PromptRegistry r = PromptRegistry.builder().directory(root).build()) {
      assertThatThrownBy(() -> r.resolve(new PromptSource.Reference("nope", "production", VARS)))
          .isInstanceOfSatisfying(PromptResolutionException.class, e -> assertThat(e.field()).isEqualTo("prompt.promptId"));
      assertThatThrownBy(() -> r.resolve(ref("staging"))).hasMessageContaining("has no label 'staging'")
          .hasMessageContaining("[canary, production]");
      assertThatThrownBy(() -> r.resolve(ref("1.9.0"))).hasMessageContaining("has no version 1.9.0");
      assertThatThrownBy(() -> r.resolve(ref("^3"))).hasMessageContaining("no release in range '^3'");
      assertThatThrownBy(() -> r.resolve(ref("^x"))).hasMessageContaining("is not a range");
    }
  }

  /* --- load validation --- */

  @Test
  void build_duplicateVersionAndMismatchedNames_nameTheFiles() {
    version(root, "discharge-summary", "1.1.0");
    write(root, "discharge-summary/1.1.0.json", "{}");
    write(root, "discharge-summary/1.4.0.yaml", PromptFiles.yaml("discharge-summary", "1.5.0"));
    labels(root, "discharge-summary", "labels:\n  production: \"1.0.0\"\n");
    assertThatThrownBy(() -> PromptRegistry.builder().directory(root).build())
        .isInstanceOfSatisfying(PromptLoadException.class, e -> assertThat(e.getMessage())
            .contains("discharge-summary/1.1.0.json:1: missing required key 'id'")
            .contains("discharge-summary/1.4.0.yaml:1: version 1.5.0 differs from the file name 1.4.0.yaml")
            .contains("label 'production' points to version 1.0.0, which has no file"));
  }

  @Test
  void build_fromClasspath_readsTheEmbeddedSet() {
    try (PromptRegistry r = PromptRegistry.builder().classpath("test-prompts", getClass().getClassLoader()).build()) {
      assertThat(r.promptIds()).containsExactly("triage-note");
      assertThat(r.resolve(new PromptSource.Reference("triage-note", "production", Map.of("note", "n"))).info().version())
          .isEqualTo("1.0.0");
      assertThatThrownBy(() -> r.moveLabel("triage-note", "production", "1.0.0", "me", "why"))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("classpath");
    }
  }

  /** A jar holding test-prompts' triage-note under the folder "embedded". */
  private Path promptJar(Path jar) throws IOException {
    try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
      for (String name : List.of("embedded/", "embedded/triage-note/", "embedded/triage-note/1.0.0.yaml",
          "embedded/triage-note/labels.yaml")) {
        out.putNextEntry(new java.util.jar.JarEntry(name));
        if (!name.endsWith("/")) {
          out.write(getClass().getClassLoader().getResourceAsStream(name.replace("embedded/", "test-prompts/"))
              .readAllBytes());
        }
        out.closeEntry();
      }
    }
    return jar;
  }

  @Test
  void build_fromClasspathJar_readsTheEmbeddedSet_twoRegistriesShareTheJar() throws Exception {
    Path jar = promptJar(root.resolve("prompts.jar"));
    try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, null);
        PromptRegistry a = PromptRegistry.builder().classpath("embedded", loader).build();
        PromptRegistry b = PromptRegistry.builder().classpath("embedded", loader).build()) {
      assertThat(a.template("triage-note", "production").sha256())
          .isEqualTo(PromptRegistry.builder().classpath("test-prompts", getClass().getClassLoader()).build()
              .template("triage-note", "production").sha256());
      assertThat(b.versions("triage-note")).hasSize(1);
    }
  }

  @Test
  void close_oneOfTwoJarRegistries_theOtherStillReloads_andAClosedJarIsALoadError() throws Exception {
    Path jar = promptJar(root.resolve("shared.jar"));
    try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, null)) {
      PromptRegistry a = PromptRegistry.builder().classpath("embedded", loader).build();
      PromptRegistry b = PromptRegistry.builder().classpath("embedded", loader).build();

      a.close();
      b.reload();
      assertThat(b.versions("triage-note")).hasSize(1);

      java.nio.file.FileSystems.getFileSystem(loader.getResource("embedded").toURI()).close(); // closed elsewhere
      assertThatThrownBy(b::reload).isInstanceOf(PromptLoadException.class).hasMessageContaining("was closed");
      assertThat(b.versions("triage-note")).as("the last snapshot stays in use").hasSize(1);
      b.close();
    }
  }

  /* --- lock file --- */

  @Test
  void build_fileChangedWithoutVersionBump_isRefusedNamingFileAndVersion() throws IOException {
    threeVersions();
    PromptLock.of(PromptRegistry.builder().directory(root).build().templates()).writeTo(root.resolve("prompts.lock"));
    Path f = root.resolve("discharge-summary/1.2.0.yaml");
    Files.writeString(f, Files.readString(f).replace("You write", "You draft"));
    List<List<PromptLock.Drift>> alarms = new CopyOnWriteArrayList<>();

    assertThatThrownBy(() -> PromptRegistry.builder().directory(root).listener(new PromptRegistry.Listener() {
          @Override
          public void drift(List<PromptLock.Drift> drift) {
            alarms.add(drift);
          }
        }).build())
        .isInstanceOf(PromptLoadException.class)
        .hasMessageContaining("discharge-summary/1.2.0.yaml: prompt discharge-summary 1.2.0 changed without a version bump")
        .hasMessageNotContaining("1.2.0.yaml: discharge-summary/");
    assertThat(alarms).singleElement().satisfies(d -> assertThat(d).singleElement().satisfies(x -> {
      assertThat(x.kind()).isEqualTo(PromptLock.Drift.Kind.CHANGED);
      assertThat(x.version()).isEqualTo("1.2.0");
      assertThat(x.file()).isEqualTo("discharge-summary/1.2.0.yaml");
    }));

    try (PromptRegistry alarmed = PromptRegistry.builder().directory(root).lockMode(PromptRegistry.LockMode.ALARM).build()) {
      assertThat(alarmed.drift()).extracting(PromptLock.Drift::version).containsExactly("1.2.0");
      assertThat(alarmed.resolve(ref("canary")).messages().get(0).content()).startsWith("You draft");
    }
  }

  @Test
  void build_unlockedVersionAndMissingFile_areDrift_requireLockWithoutLock_refuses() throws IOException {
    threeVersions();
    PromptLock.of(PromptRegistry.builder().directory(root).build().templates()).writeTo(root.resolve("prompts.lock"));
    version(root, "discharge-summary", "1.2.1");
    Files.delete(root.resolve("discharge-summary/2.0.0.yaml"));
    assertThatThrownBy(() -> PromptRegistry.builder().directory(root).build())
        .hasMessageContaining("discharge-summary/1.2.1.yaml: prompt discharge-summary 1.2.1 is not in prompts.lock")
        .hasMessageContaining("prompts.lock: prompt discharge-summary 2.0.0 is locked but its file is missing");

    Files.delete(root.resolve("prompts.lock"));
    assertThatThrownBy(() -> PromptRegistry.builder().directory(root).requireLock(true).build())
        .hasMessageContaining("the lock file is missing");
  }

  /* --- labels: rollback --- */

  @Test
  void moveLabel_rollback_rewritesLabelsAtomicallyRecordsAnAuditEventAndServesTheOldVersion() throws IOException {
    threeVersions();
    try (FileAuditSink sink = FileAuditSink.builder(auditDir).build();
        PromptRegistry r = PromptRegistry.builder().directory(root).auditSink(sink).build()) {
      r.moveLabel("discharge-summary", "production", "1.2.0", "u-lead", "promote 1.2.0 after review");
      assertThat(r.resolve(ref("production")).info().version()).isEqualTo("1.2.0");

      LabelChange back = r.moveLabel("discharge-summary", "production", "1.1.0", "u-safety", "rollback: 1.2.0 omits allergies");

      assertThat(back.from()).isEqualTo("1.2.0");
      assertThat(back.to()).isEqualTo("1.1.0");
      assertThat(r.resolve(ref("production")).info().version()).isEqualTo("1.1.0");
      assertThat(Files.readString(root.resolve("discharge-summary/labels.yaml")))
          .contains("production: \"1.1.0\"").contains("canary: \"1.2.0\"");
      try (Stream<Path> files = Files.list(root.resolve("discharge-summary"))) {
        assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
      }
    }
    List<AuditRecord> records = AuditLogReader.readAll(auditDir);
    assertThat(records).hasSize(2).allSatisfy(rec -> {
      assertThat(rec.outcome()).isEqualTo("event");
      assertThat(rec.event().kind()).isEqualTo("prompt.label");
      assertThat(rec.event().subject()).isEqualTo("discharge-summary@production");
    });
    AuditRecord rollback = records.get(1);
    assertThat(rollback.event().from()).isEqualTo("1.2.0");
    assertThat(rollback.event().to()).isEqualTo("1.1.0");
    assertThat(rollback.actorId()).isEqualTo("u-safety");
    assertThat(rollback.outcomeReason()).isEqualTo("rollback: 1.2.0 omits allergies");
    assertThat(AuditVerifier.verify(auditDir, Optional.empty()).ok()).isTrue();
  }

  @Test
  void moveLabel_rollback_whileAnUnrelatedFileIsRefused_isServedAndReturned() throws IOException {
    threeVersions();
    PromptLock.of(PromptRegistry.builder().directory(root).build().templates()).writeTo(root.resolve("prompts.lock"));
    List<PromptLoadException> failures = new CopyOnWriteArrayList<>();
    try (FileAuditSink sink = FileAuditSink.builder(auditDir).build();
        PromptRegistry r = PromptRegistry.builder().directory(root).auditSink(sink).listener(new PromptRegistry.Listener() {
          @Override
          public void reloadFailed(PromptLoadException problem) {
            failures.add(problem);
          }
        }).build()) {
      // A colleague drops a new version that is not approved yet: reloads are refused from now on.
      version(root, "discharge-summary", "1.4.0");
      assertThatThrownBy(r::reload).isInstanceOf(PromptLoadException.class).hasMessageContaining("1.4.0");

      // The rollback of production must still take effect in this registry: it is on disk and audited.
      LabelChange back = r.moveLabel("discharge-summary", "production", "1.2.0", "u-safety", "rollback");

      assertThat(back.to()).isEqualTo("1.2.0");
      assertThat(r.resolve(ref("production")).info().version()).isEqualTo("1.2.0");
      assertThat(r.resolve(ref("canary")).info().version()).isEqualTo("1.2.0");
      assertThat(r.versions("discharge-summary")).extracting(t -> t.version().toString()).doesNotContain("1.4.0");
      assertThat(failures).hasSize(2);
    }
    assertThat(Files.readString(root.resolve("discharge-summary/labels.yaml"))).contains("production: \"1.2.0\"");
    assertThat(AuditLogReader.readAll(auditDir)).singleElement()
        .satisfies(rec -> assertThat(rec.event().to()).isEqualTo("1.2.0"));
  }

  @Test
  void reload_labelsEditedOnDisk_areAuditEvents_andAMoveIsRecordedOnce() throws IOException {
    threeVersions();
    try (FileAuditSink sink = FileAuditSink.builder(auditDir).build();
        PromptRegistry r = PromptRegistry.builder().directory(root).auditSink(sink).build()) {
      labels(root, "discharge-summary", "labels:\n  production: \"2.0.0\"\n  canary: \"1.2.0\"\n  hotfix: \"1.1.0\"\n"
          + "experiments:\n  e1:\n    label: canary\n    arms:\n      - {name: a, version: \"1.2.0\", weight: 1}\n"
          + "      - {name: b, version: \"2.0.0\", weight: 1}\n");
      r.reload();
      r.reload(); // nothing changed since: no event
      r.moveLabel("discharge-summary", "production", "1.1.0", "u-safety", "rollback");
    }
    List<AuditRecord> records = AuditLogReader.readAll(auditDir);
    assertThat(records).extracting(rec -> rec.event().kind() + " " + rec.event().subject() + " " + rec.event().from()
        + " -> " + rec.event().to() + " by " + rec.actorId()).containsExactly(
            "prompt.label discharge-summary@hotfix null -> 1.1.0 by labels.yaml",
            "prompt.label discharge-summary@production 1.1.0 -> 2.0.0 by labels.yaml",
            "prompt.experiment.start discharge-summary#e1 null -> canary: a=1.2.0/1, b=2.0.0/1 by labels.yaml",
            "prompt.label discharge-summary@production 2.0.0 -> 1.1.0 by u-safety");
    assertThat(records.get(0).outcomeReason()).contains("edited on disk");
    assertThat(AuditVerifier.verify(auditDir, Optional.empty()).ok()).isTrue();
  }

  @Test
  void reload_labelsEditedOnDisk_whenTheEventCannotBeRecorded_keepsTheLabelsInUse() {
    threeVersions();
    FileAuditSink broken = FileAuditSink.builder(auditDir).build();
    broken.close(); // an audit log that can no longer be written
    try (PromptRegistry r = PromptRegistry.builder().directory(root).auditSink(broken).build()) {
      labels(root, "discharge-summary", "labels:\n  production: \"2.0.0\"\n  canary: \"1.2.0\"\n");

      assertThatThrownBy(r::reload).isInstanceOf(dev.hai.core.audit.AuditException.class);
      assertThat(r.resolve(ref("production")).info().version()).isEqualTo("1.1.0");
    }
  }

  @Test
  void moveLabel_unknownVersionOrMissingReasonOrNoSink_changesNothing() throws IOException {
    threeVersions();
    String before = Files.readString(root.resolve("discharge-summary/labels.yaml"));
    try (FileAuditSink sink = FileAuditSink.builder(auditDir).build();
        PromptRegistry r = PromptRegistry.builder().directory(root).auditSink(sink).build();
        PromptRegistry unaudited = PromptRegistry.builder().directory(root).build()) {
      assertThatThrownBy(() -> r.moveLabel("discharge-summary", "production", "9.9.9", "u", "why"))
          .hasMessageContaining("has no version 9.9.9");
      assertThatThrownBy(() -> r.moveLabel("discharge-summary", "production", "1.2.0", "u", " "))
          .hasMessageContaining("why must not be blank");
      assertThatThrownBy(() -> unaudited.moveLabel("discharge-summary", "production", "1.2.0", "u", "why"))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("AuditSink");
    }
    assertThat(Files.readString(root.resolve("discharge-summary/labels.yaml"))).isEqualTo(before);
    assertThat(AuditLogReader.readAll(auditDir)).isEmpty();
  }

  /* --- reload --- */

  @Test
  void reload_brokenFile_keepsThePreviousSnapshot() {
    threeVersions();
    try (PromptRegistry r = PromptRegistry.builder().directory(root).build()) {
      write(root, "discharge-summary/1.4.0.yaml", "id: [");
      assertThatThrownBy(r::reload).isInstanceOf(PromptLoadException.class).hasMessageContaining("1.4.0.yaml");
      assertThat(r.resolve(ref("production")).info().version()).isEqualTo("1.1.0");
    }
  }

  @Test
  void watch_labelsEditedOnDisk_areServedAfterTheReload() throws InterruptedException {
    threeVersions();
    try (PromptRegistry r = PromptRegistry.builder().directory(root).watch(true).watchDelay(Duration.ofMillis(50)).build()) {
      labels(root, "discharge-summary", "labels:\n  production: \"2.0.0\"\n");
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!r.resolve(ref("production")).info().version().equals("2.0.0") && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(r.resolve(ref("production")).info().version()).isEqualTo("2.0.0");
    }
  }
}

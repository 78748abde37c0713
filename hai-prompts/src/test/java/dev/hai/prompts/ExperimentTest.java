package dev.hai.prompts;

import static dev.hai.prompts.PromptFiles.labels;
import static dev.hai.prompts.PromptFiles.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hai.core.PromptInfo;
import dev.hai.core.PromptSource;
import dev.hai.core.audit.AuditLogReader;
import dev.hai.core.audit.FileAuditSink;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentTest {
  private static final Experiment SPLIT = new Experiment("concise-2026", "production", List.of(
      new Experiment.Arm("control", SemVer.parse("1.1.0"), 70),
      new Experiment.Arm("concise", SemVer.parse("1.2.0"), 20),
      new Experiment.Arm("bullets", SemVer.parse("1.3.0"), 10)));

  @TempDir Path root;
  @TempDir Path auditDir;

  /* --- assign --- */

  @Test
  void assign_sameSubject_alwaysSameArm_andOtherExperimentsAssignIndependently() {
    Experiment other = new Experiment("other", "production", SPLIT.arms());
    int differ = 0;
    for (int i = 0; i < 1000; i++) {
      String subject = "MRN-" + i;
      Experiment.Arm arm = SPLIT.assign(subject);
      assertThat(SPLIT.assign(subject)).isEqualTo(arm);
      assertThat(new Experiment("concise-2026", "production", SPLIT.arms()).assign(subject)).isEqualTo(arm);
      differ += other.assign(subject).equals(arm) ? 0 : 1;
    }
    // Independent assignment agrees with probability .7^2 + .2^2 + .1^2 = .54: about 460 of 1000 differ.
    assertThat(differ).isBetween(380, 540);
  }

  @Test
  void assign_100000Subjects_splitMatchesTheWeights_chiSquare() {
    int n = 100_000;
    Map<String, Integer> counts = new java.util.HashMap<>();
    for (int i = 0; i < n; i++) {
      counts.merge(SPLIT.assign("encounter/" + i).name(), 1, Integer::sum);
    }
    double chi2 = 0;
    for (Experiment.Arm a : SPLIT.arms()) {
      double expected = n * (double) a.weight() / SPLIT.totalWeight();
      double observed = counts.getOrDefault(a.name(), 0);
      chi2 += (observed - expected) * (observed - expected) / expected;
    }
    // 2 degrees of freedom: P(chi2 > 13.82) = 0.001. The subjects are fixed, so the test is deterministic.
    assertThat(chi2).isLessThan(13.82);
    assertThat(counts.get("control")).isBetween(69_000, 71_000);
  }

  @Test
  void experiment_badArms_areRefused() {
    Experiment.Arm a = new Experiment.Arm("a", SemVer.parse("1.0.0"), 1);
    assertThatThrownBy(() -> new Experiment("x", "production", List.of(a)))
        .hasMessageContaining("at least two arms");
    assertThatThrownBy(() -> new Experiment("x", "production", List.of(a, a)))
        .hasMessageContaining("listed twice");
    assertThatThrownBy(() -> new Experiment.Arm("b", SemVer.parse("1.0.0"), 0))
        .hasMessageContaining("weight must be at least 1");
  }

  /* --- through the registry --- */

  @Test
  void registry_experimentOnLabel_assignsBySubject_recordsArm_andEndsCleanly() {
    version(root, "discharge-summary", "1.1.0");
    version(root, "discharge-summary", "1.2.0");
    version(root, "discharge-summary", "1.3.0");
    PromptFiles.experiment(root, "discharge-summary", "1.1.0", "control 1.1.0 70", "concise 1.2.0 20", "bullets 1.3.0 10");
    PromptSource.Reference ref = new PromptSource.Reference("discharge-summary", "production", Map.of("note", "n"));
    try (FileAuditSink sink = FileAuditSink.builder(auditDir).build();
        PromptRegistry r = PromptRegistry.builder().directory(root).auditSink(sink).build()) {
      for (int i = 0; i < 200; i++) {
        String subject = "MRN-" + i;
        Experiment.Arm arm = SPLIT.assign(subject);
        PromptInfo info = r.resolve(ref, subject).info();
        assertThat(info.version()).isEqualTo(arm.version().toString());
        assertThat(info.experiment()).isEqualTo("concise-2026");
        assertThat(info.arm()).isEqualTo(arm.name());
        assertThat(info.label()).isEqualTo("production");
      }
      PromptInfo noSubject = r.resolve(ref, (String) null).info();
      assertThat(noSubject.version()).isEqualTo("1.1.0");
      assertThat(noSubject.arm()).isNull();

      r.endExperiment("discharge-summary", "concise-2026", "u-lead", "concise wins on review; promote it");
      assertThat(r.experiments("discharge-summary")).isEmpty();
      assertThat(r.resolve(ref, "MRN-1").info()).satisfies(i -> {
        assertThat(i.version()).isEqualTo("1.1.0");
        assertThat(i.experiment()).isNull();
      });
      Experiment bad = new Experiment("other", "production", List.of(SPLIT.arms().get(0),
          new Experiment.Arm("missing", SemVer.parse("1.9.0"), 1)));
      assertThatThrownBy(() -> r.startExperiment("discharge-summary", bad, "u-lead", "try"))
          .hasMessageContaining("has no version 1.9.0");
      r.startExperiment("discharge-summary", SPLIT, "u-lead", "rerun");
      assertThatThrownBy(() -> r.startExperiment("discharge-summary",
          new Experiment("again", "production", SPLIT.arms()), "u-lead", "twice"))
          .hasMessageContaining("already split by experiment 'concise-2026'");
      assertThat(r.resolve(ref, "MRN-1").info().experiment()).isEqualTo("concise-2026");
    }
    assertThat(AuditLogReader.readAll(auditDir)).extracting(rec -> rec.event().kind())
        .containsExactly("prompt.experiment.end", "prompt.experiment.start");
  }

  @Test
  void registry_experimentPointingToMissingVersionOrUndefinedLabel_isRefusedAtLoad() {
    version(root, "discharge-summary", "1.1.0");
    labels(root, "discharge-summary", """
        labels: {}
        experiments:
          e1:
            label: production
            arms: [{name: a, version: "1.1.0", weight: 1}, {name: b, version: "1.9.0", weight: 1}]
        """);
    assertThatThrownBy(() -> PromptRegistry.builder().directory(root).build())
        .hasMessageContaining("experiment 'e1' splits label 'production', which is not defined")
        .hasMessageContaining("arm 'b' points to version 1.9.0, which has no file");
  }
}

package dev.hai.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PolicyStageLabelTest {

  @Test
  void isLabel_labelsYesVersionsAndRangesNo() {
    assertThat(PolicyStage.isLabel("prod")).isTrue();
    assertThat(PolicyStage.isLabel("production")).isTrue();
    assertThat(PolicyStage.isLabel("validated")).isTrue();
    assertThat(PolicyStage.isLabel("canary-2")).isTrue();
    assertThat(PolicyStage.isLabel("1.2.0")).isFalse();
    assertThat(PolicyStage.isLabel("^1.2")).isFalse();
    assertThat(PolicyStage.isLabel("~1.2")).isFalse();
    assertThat(PolicyStage.isLabel(">=1.0")).isFalse();
    assertThat(PolicyStage.isLabel("v2")).isFalse();
    assertThat(PolicyStage.isLabel("*")).isFalse();
  }
}

package dev.hai.gpu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StopMatcherTest {

  /* --- find --- */

  @Test
  void find_noStops_neverMatches() {
    assertThat(new StopMatcher(List.of()).find("anything", 8)).isEqualTo(-1);
  }

  @Test
  void find_stopSplitAcrossChunks_matchesAtItsStart() {
    StopMatcher m = new StopMatcher(List.of("END"));
    StringBuilder text = new StringBuilder("abc E");
    assertThat(m.find(text, 2)).isEqualTo(-1);

    text.append("ND more");

    assertThat(m.find(text, 7)).isEqualTo(4);
  }

  @Test
  void find_severalStops_returnsTheEarliest() {
    StopMatcher m = new StopMatcher(List.of("zz", "\n\n"));

    assertThat(m.find("one\n\ntwo zz", 11)).isEqualTo(3);
  }
}

package dev.hai.prompts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SemVerTest {

  @Test
  void compareTo_followsSemverPrecedence() {
    List<String> ordered = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
        "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.2.0", "1.10.0", "2.0.0");
    List<SemVer> shuffled = new ArrayList<>(ordered.stream().map(SemVer::parse).toList());
    Collections.shuffle(shuffled, new java.util.Random(5));
    Collections.sort(shuffled);
    assertThat(shuffled).extracting(SemVer::toString).containsExactlyElementsOf(ordered);
  }

  @Test
  void parse_badVersions_areRefusedSayingWhatToWrite() {
    for (String bad : List.of("1.2", "v1.2.0", "01.2.0", "1.2.0+build", "1.2.0-", "1.2.x", "")) {
      assertThat(SemVer.tryParse(bad)).as(bad).isNull();
    }
    assertThatThrownBy(() -> SemVer.parse("1.2")).hasMessageContaining("MAJOR.MINOR.PATCH");
  }
}

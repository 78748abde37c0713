package dev.hai.core.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hai.core.InvalidRequestException;
import dev.hai.core.testing.FakeBackend;
import org.junit.jupiter.api.Test;

class RouteTest {
  private static final Arm CHAMPION = Arm.builder("champ").backend("primary").build();
  private static final Arm CHALLENGER = Arm.builder("chall").backend("secondary").model("m-2").build();

  /* --- build --- */

  @Test
  void build_full_keepsArmsInOrder() {
    Route r = Route.builder("summary").champion(CHAMPION).challenger(CHALLENGER, 1_000)
        .shadow(Arm.builder("shadow-1").backend("primary").build()).build();

    assertThat(r.promptId()).isEqualTo("summary");
    assertThat(r.challengerShare()).isEqualTo(1_000);
    assertThat(r.arms()).extracting(Arm::name).containsExactly("champ", "chall", "shadow-1");
  }

  @Test
  void build_withoutChampion_namesTheField() {
    assertThatThrownBy(() -> Route.builder("summary").build())
        .isInstanceOf(InvalidRequestException.class)
        .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("route.champion"));
  }

  @Test
  void build_duplicateArmNames_refused() {
    Arm twin = Arm.builder("champ").backend("secondary").build();
    assertThatThrownBy(() -> Route.builder("summary").champion(CHAMPION).shadow(twin).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("arm 'champ' twice");
  }

  @Test
  void challenger_shareOutOfRange_refusedAtOnce() {
    assertThatThrownBy(() -> Route.builder("summary").challenger(CHALLENGER, 10_001))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("0 to 10000 basis points");
    assertThatThrownBy(() -> Route.builder("summary").challenger(CHALLENGER, -1))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void withChallengerShare_withoutChallenger_refused() {
    Route r = Route.builder("summary").champion(CHAMPION).build();
    assertThatThrownBy(() -> r.withChallengerShare(100))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("has no challenger");
    assertThat(r.withChallengerShare(0)).isEqualTo(r);
  }

  /* --- names --- */

  @Test
  void arm_badName_refused() {
    assertThatThrownBy(() -> Arm.builder("9 lives"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("must start with a letter");
  }

  @Test
  void arm_ownBackend_takesItsName() {
    Arm a = Arm.builder("own").backend(new FakeBackend("gpu-box")).build();
    assertThat(a.backendName()).isEqualTo("gpu-box");
    assertThat(a.backend()).isPresent();
  }

  @Test
  void arm_withoutBackend_refused() {
    assertThatThrownBy(() -> Arm.builder("a").build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("needs a backend");
  }

  /* --- percent --- */

  @Test
  void parsePercent_acceptsPercentText() {
    assertThat(Route.parsePercent("10%")).isEqualTo(1_000);
    assertThat(Route.parsePercent("12.5")).isEqualTo(1_250);
    assertThat(Route.parsePercent("0.01 %")).isEqualTo(1);
    assertThat(Route.parsePercent("100")).isEqualTo(10_000);
    assertThat(Route.percent(1_250)).isEqualTo("12.5%");
    assertThat(Route.percent(0)).isEqualTo("0%");
  }

  @Test
  void parsePercent_outOfRangeOrTooPrecise_refused() {
    assertThatThrownBy(() -> Route.parsePercent("101")).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> Route.parsePercent("0.001")).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> Route.parsePercent("ten")).isInstanceOf(InvalidRequestException.class);
  }

  /* --- RouteInfo --- */

  @Test
  void routeInfo_reasonOnlyForChampion() {
    RouteInfo fell = new RouteInfo("summary", "champ", ArmRole.CHAMPION, 500, "challenger model not allowed");
    assertThat(fell.assignedRole()).isEqualTo(ArmRole.CHALLENGER);
    assertThatThrownBy(() -> new RouteInfo("summary", "chall", ArmRole.CHALLENGER, 500, "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

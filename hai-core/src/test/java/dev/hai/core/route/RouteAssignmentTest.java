package dev.hai.core.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sticky, proportional, monotone assignment (RouteTable.bucket / assign). */
class RouteAssignmentTest {
  private static final Arm CHAMP = Arm.builder("champ").backend("a").build();
  private static final Arm CHALL = Arm.builder("chall").backend("b").build();

  private static Route route(int share) {
    return Route.builder("summary").champion(CHAMP).challenger(CHALL, share).build();
  }

  @Test
  void bucket_sameSubject_sameBucketEveryTime() {
    int first = RouteTable.bucket("summary", "MRN-42");
    for (int i = 0; i < 100; i++) {
      assertThat(RouteTable.bucket("summary", "MRN-42")).isEqualTo(first);
    }
    assertThat(first).isBetween(0, Route.BASIS_POINTS - 1);
  }

  @Test
  void bucket_dependsOnTheRoute() {
    int differing = 0;
    for (int i = 0; i < 1000; i++) {
      if (RouteTable.bucket("summary", "s-" + i) != RouteTable.bucket("triage", "s-" + i)) {
        differing++;
      }
    }
    assertThat(differing).isGreaterThan(990); // independent routes, independent assignments
  }

  @Test
  void assign_tenThousandSubjects_sharesWithinTolerance() {
    int[] shares = {100, 1_000, 5_000, 10_000, 0};
    for (int share : shares) {
      Route r = route(share);
      int challenger = 0;
      for (int i = 0; i < 10_000; i++) {
        if (RouteTable.assign(r, RouteTable.bucket("summary", "patient-" + i)) == CHALL) {
          challenger++;
        }
      }
      // 4 standard deviations of a binomial(10000, p): a fair hash fails this about once in 15000 runs.
      double p = share / 10_000.0;
      double sd = Math.sqrt(10_000 * p * (1 - p));
      assertThat((double) challenger).as("share %d", share).isBetween(10_000 * p - 4 * sd - 0.5, 10_000 * p + 4 * sd + 0.5);
    }
  }

  @Test
  void assign_raisingTheShare_movesOnlyChampionSubjectsToTheChallenger() {
    int[] steps = {100, 1_000, 5_000, 10_000};
    List<Boolean> before = null;
    for (int step : steps) {
      Route r = route(step);
      List<Boolean> now = new ArrayList<>();
      for (int i = 0; i < 10_000; i++) {
        now.add(RouteTable.assign(r, RouteTable.bucket("summary", "patient-" + i)) == CHALL);
      }
      if (before != null) {
        for (int i = 0; i < now.size(); i++) {
          if (before.get(i)) {
            assertThat(now.get(i)).as("subject %d stays with the challenger at %d", i, step).isTrue();
          }
        }
      }
      before = now;
    }
    assertThat(before).containsOnly(true); // 100 %: every subject
  }

  @Test
  void assign_withoutChallenger_alwaysChampion() {
    Route r = Route.builder("summary").champion(CHAMP).build();
    assertThat(RouteTable.assign(r, 0)).isSameAs(CHAMP);
  }
}

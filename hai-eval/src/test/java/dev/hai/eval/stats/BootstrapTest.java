package dev.hai.eval.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BootstrapTest {

  private static double[] sample(long seed, int n, double shift) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = Math.min(1, Math.max(0, 0.6 + shift + (r.nextDouble() - 0.5) * 0.6));
    }
    return v;
  }

  /* --- mean --- */

  @Test
  void mean_sameSeed_sameInterval_otherSeed_otherInterval() {
    double[] v = sample(1, 80, 0);

    Estimate a = Bootstrap.DEFAULT.mean(v);
    Estimate b = Bootstrap.DEFAULT.mean(v);
    Estimate c = new Bootstrap(2000, 7).mean(v);

    assertThat(a).isEqualTo(b);
    assertThat(c.lower()).isNotEqualTo(a.lower());
    assertThat(a.lower()).isLessThan(a.mean());
    assertThat(a.upper()).isGreaterThan(a.mean());
  }

  @Test
  void mean_intervalWidth_isAboutFourStandardErrors() {
    double[] v = sample(3, 400, 0);
    double mean = java.util.Arrays.stream(v).average().orElseThrow();
    double sd = Math.sqrt(java.util.Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (v.length - 1));

    Estimate e = Bootstrap.DEFAULT.mean(v);

    assertThat(e.mean()).isCloseTo(mean, within(1e-12));
    assertThat(e.upper() - e.lower()).isCloseTo(2 * 1.96 * sd / Math.sqrt(v.length), within(0.15 * 2 * 1.96 * sd / 20));
  }

  @Test
  void mean_skipsNaN_andEmptyIsNaN() {
    Estimate e = Bootstrap.DEFAULT.mean(new double[] {1, Double.NaN, 1});

    assertThat(e.n()).isEqualTo(2);
    assertThat(e.mean()).isEqualTo(1.0);
    assertThat(Bootstrap.DEFAULT.mean(new double[0]).mean()).isNaN();
  }

  @Test
  void constructor_tooFewResamples_isRefused() {
    assertThatThrownBy(() -> new Bootstrap(10, 1)).hasMessageContaining("at least 100");
  }

  /* --- paired --- */

  @Test
  void paired_realShift_isSignificant_noShift_isNot() {
    double[] base = sample(5, 120, 0);
    double[] better = base.clone();
    SplittableRandom r = new SplittableRandom(9);
    for (int i = 0; i < better.length; i++) {
      better[i] = base[i] + 0.05 + (r.nextDouble() - 0.5) * 0.05;
    }
    double[] same = base.clone();
    for (int i = 0; i < same.length; i++) {
      same[i] = base[i] + (r.nextDouble() - 0.5) * 0.05;
    }

    PairedBootstrap.Result shifted = PairedBootstrap.DEFAULT.compare(base, better);
    PairedBootstrap.Result noise = PairedBootstrap.DEFAULT.compare(base, same);

    assertThat(shifted.difference().mean()).isCloseTo(0.05, within(0.01));
    assertThat(shifted.difference().lower()).isGreaterThan(0);
    assertThat(shifted.pValue()).isLessThan(0.001);
    assertThat(shifted.cohensDz()).isGreaterThan(2);
    assertThat(noise.pValue()).isGreaterThan(0.05);
    assertThat(noise.difference().contains(0)).isTrue();
  }

  @Test
  void paired_identical_pIsOne() {
    double[] v = sample(5, 30, 0);

    assertThat(PairedBootstrap.DEFAULT.compare(v, v).pValue()).isEqualTo(1.0);
  }
}

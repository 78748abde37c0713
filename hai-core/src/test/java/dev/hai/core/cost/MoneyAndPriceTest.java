package dev.hai.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hai.core.InvalidRequestException;
import dev.hai.core.Usage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Money, model prices and the price table: exact arithmetic, lookup, effective dates, files. */
class MoneyAndPriceTest {
  private static final LocalDate DAY = LocalDate.parse("2026-11-26");

  @TempDir Path dir;

  /* --- Money --- */

  @Test
  void money_textForm_roundTrips() {
    Money m = Money.of("USD", "0.004125");

    assertThat(m.micros()).isEqualTo(4125);
    assertThat(m.toString()).isEqualTo("USD 0.004125");
    assertThat(Money.parse("USD 0.004125")).isEqualTo(m);
    assertThat(Money.parse("EUR -12.5").toString()).isEqualTo("EUR -12.500000");
  }

  @Test
  void money_moreThanSixDecimals_rejected() {
    assertThatThrownBy(() -> Money.of("USD", "0.0000001"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("at most 6 decimals");
  }

  @Test
  void money_badCurrency_rejected() {
    assertThatThrownBy(() -> Money.of("usd", "1")).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> Money.of("XYZ", "1")).hasMessageContaining("not an ISO 4217");
  }

  @Test
  void money_mixedCurrencies_throw() {
    assertThatThrownBy(() -> Money.of("USD", "1").plus(Money.of("EUR", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot mix currencies");
  }

  @Test
  void money_sumOfTenthsOfACent_isExact() {
    Money sum = Money.zero("USD");
    for (int i = 0; i < 1000; i++) {
      sum = sum.plus(Money.of("USD", "0.001"));
    }
    assertThat(sum).isEqualTo(Money.of("USD", "1"));
  }

  /* --- ModelPrice.cost --- */

  @Test
  void cost_anthropicUsage_eachKindAtItsPrice() {
    ModelPrice sonnet = PriceTable.defaults().lookup("claude-sonnet-4-5", DAY);

    // 1234 in × $3 + 567 out × $15 + 2000 cache write × $3.75 + 10000 cache read × $0.30, per million
    Money cost = sonnet.cost(new Usage(1234, 567, 2000, 10_000));

    // 3 702 000 + 8 505 000 + 7 500 000 + 3 000 000 = 22 707 000 micro-dollars per million tokens
    assertThat(cost).isEqualTo(Money.ofMicros("USD", 22_707));
  }

  @Test
  void cost_openAiUsage_cachedTokensAreInsideInputAndBilledAtTheCachedPrice() {
    ModelPrice gpt41 = PriceTable.defaults().lookup("gpt-4.1", DAY);

    // prompt_tokens 5000 of which 4000 cached: 1000 × $2 + 4000 × $0.50 + 300 × $8
    Money cost = gpt41.cost(new Usage(5000, 300, 0, 4000));

    assertThat(cost).isEqualTo(Money.ofMicros("USD", 2_000 + 2_000 + 2_400));
  }

  @Test
  void cost_roundsHalfUpOnceToTheMicroUnit() {
    ModelPrice haiku3 = PriceTable.defaults().lookup("claude-3-haiku", DAY);

    assertThat(haiku3.cost(Usage.of(1, 0))).isEqualTo(Money.ofMicros("USD", 0)); // 0.25 µ$
    assertThat(haiku3.cost(Usage.of(2, 0))).isEqualTo(Money.ofMicros("USD", 1)); // 0.5 µ$ rounds up
    assertThat(haiku3.cost(Usage.of(3, 0))).isEqualTo(Money.ofMicros("USD", 1)); // 0.75 µ$
    assertThat(haiku3.cost(new Usage(1, 0, 0, 10))).isEqualTo(Money.ofMicros("USD", 1)); // 0.25 + 0.3 summed first
  }

  @Test
  void worstCaseCost_usesTheDearerOfInputAndCacheWrite() {
    ModelPrice sonnet = PriceTable.defaults().lookup("claude-sonnet-4-5", DAY);

    // 1000 × $3.75 (cache write > input) + 256 × $15
    assertThat(sonnet.worstCaseCost(1000, 256)).isEqualTo(Money.ofMicros("USD", 3_750 + 3_840));
    assertThat(sonnet.worstCaseCost(1000, 256)).isGreaterThan(sonnet.cost(new Usage(0, 256, 1000, 0)).minus(Money.ofMicros("USD", 1)));
  }

  /* --- PriceTable lookup --- */

  @Test
  void lookup_datedSnapshot_findsTheModel() {
    PriceTable t = PriceTable.defaults();

    assertThat(t.lookup("claude-sonnet-4-5-20250929", DAY).model()).isEqualTo("claude-sonnet-4-5");
    assertThat(t.lookup("gpt-4o-2024-08-06", DAY).model()).isEqualTo("gpt-4o");
    assertThat(t.lookup("gpt-4o-mini-2024-07-18", DAY).model()).isEqualTo("gpt-4o-mini");
    assertThat(t.lookup("claude-3-5-haiku-latest", DAY).model()).isEqualTo("claude-3-5-haiku");
  }

  @Test
  void lookup_unknownModel_typedFailureNamingTheModelAndTheFix() {
    assertThatThrownBy(() -> PriceTable.defaults().lookup("gpt-4.1-turbo-ultra", DAY))
        .isInstanceOf(UnknownModelException.class)
        .hasMessageContaining("'gpt-4.1-turbo-ultra'")
        .hasMessageContaining("withOverrides")
        .satisfies(e -> assertThat(((UnknownModelException) e).model()).isEqualTo("gpt-4.1-turbo-ultra"));
  }

  @Test
  void lookup_effectiveDates_pickTheEntryInForceThatDay() {
    PriceTable t = PriceTable.defaults();

    assertThat(t.lookup("o3", LocalDate.parse("2025-05-01")).output()).isEqualTo(Money.of("USD", "40"));
    assertThat(t.lookup("o3", LocalDate.parse("2025-06-10")).output()).isEqualTo(Money.of("USD", "8"));
    assertThat(t.find("o3", LocalDate.parse("2025-04-15"))).isEmpty();
  }

  @Test
  void overrides_replaceAddAndMatchPrefixes() throws IOException {
    Path file = dir.resolve("prices.json");
    Files.writeString(file, """
        {"format": 1, "currency": "USD", "takenOn": "2026-11-20, contract 42",
         "prices": [
          {"model": "gpt-4.1", "provider": "openai", "effectiveFrom": "2025-04-14",
           "input": "1.80", "output": "7.20", "cacheWrite": "0", "cacheRead": 0.45},
          {"model": "ft:gpt-4o-mini*", "provider": "openai", "effectiveFrom": "2024-01-01",
           "input": "0.30", "output": "1.20", "cacheWrite": "0", "cacheRead": "0.15"}
         ]}""");

    PriceTable t = PriceTable.defaults().withOverrides(PriceTable.load(file));

    assertThat(t.lookup("gpt-4.1", DAY).input()).isEqualTo(Money.of("USD", "1.80"));
    assertThat(t.lookup("gpt-4.1", DAY).cacheRead()).isEqualTo(Money.of("USD", "0.45"));
    assertThat(t.lookup("ft:gpt-4o-mini:hospital::abc123", DAY).output()).isEqualTo(Money.of("USD", "1.20"));
    assertThat(t.lookup("claude-haiku-4-5", DAY).input()).isEqualTo(Money.of("USD", "1"));
    assertThat(t.takenOn()).contains("2025-11-26").contains("contract 42");
  }

  @Test
  void load_malformedEntry_namesTheEntryAndField() {
    String json = """
        {"format": 1, "currency": "USD", "takenOn": "x",
         "prices": [{"model": "m", "provider": "p", "effectiveFrom": "2025-01-01",
                     "input": "1", "output": "ten", "cacheWrite": "0", "cacheRead": "0"}]}""";

    assertThatThrownBy(() -> PriceTable.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "f.json"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("f.json prices[0] (m)")
        .hasMessageContaining("output");
  }

  @Test
  void table_ofOneCurrency_rejectsAnother() {
    ModelPrice eur = new ModelPrice("m", "p", DAY, Money.of("EUR", "1"), Money.of("EUR", "1"),
        Money.of("EUR", "0"), Money.of("EUR", "0"));

    assertThatThrownBy(() -> PriceTable.of("USD", "today", List.of(eur))).hasMessageContaining("one currency");
  }

  @Test
  void shippedTable_saysWhenItWasTaken_andPricesTheMainModels() {
    PriceTable t = PriceTable.defaults();

    assertThat(t.takenOn()).isEqualTo("2025-11-26");
    for (String m : List.of("claude-opus-4-5", "claude-sonnet-4-5", "claude-haiku-4-5", "gpt-5", "gpt-5-mini",
        "gpt-4.1", "gpt-4o-mini", "o4-mini")) {
      assertThat(t.find(m, DAY)).as(m).isPresent();
    }
  }
}

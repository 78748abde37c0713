package dev.hai.core.cost;

import dev.hai.core.InvalidRequestException;
import dev.hai.core.internal.Checks;
import dev.hai.core.internal.cost.PriceFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Prices of models per million tokens, each with the day it took effect. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * PriceTable prices = PriceTable.defaults()                       // shipped in hai-core.jar, dated
 *     .withOverrides(PriceTable.load(Path.of("/etc/myapp/prices.json"))); // negotiated or new models
 * Money cost = prices.lookup("claude-sonnet-4-5-20250929", LocalDate.now()).cost(usage);
 * }</pre>
 *
 * <p>Lookup of a model id: an exact entry first; then the id without a dated snapshot suffix
 * ({@code -20250929}, {@code -2024-08-06}, {@code @20250929}, {@code -latest}); then the longest
 * prefix entry ({@code "ft:gpt-4o-mini*"}). Among a model's entries the one with the latest {@code
 * effectiveFrom} on or before the day wins. The JSON format is in {@code docs/cost-and-budgets.md};
 * the shipped file is {@value #RESOURCE}.
 */
public final class PriceTable {
  /** The classpath resource of the shipped prices. */
  public static final String RESOURCE = "dev/hai/core/cost/prices.json";

  private static final Pattern SNAPSHOT = Pattern.compile("(-\\d{8}|-\\d{4}-\\d{2}-\\d{2}|@\\d{8}|-latest)$");

  private final String currency;
  private final String takenOn;
  /** Entries by exact model name, newest effectiveFrom first. */
  private final Map<String, List<ModelPrice>> exact;
  /** Prefix entries by prefix (without the star), longest prefix first. */
  private final List<Map.Entry<String, List<ModelPrice>>> prefixes;
  private final List<ModelPrice> all;

  private PriceTable(String currency, String takenOn, List<ModelPrice> prices) {
    this.currency = currency;
    this.takenOn = takenOn;
    Map<String, List<ModelPrice>> byName = new LinkedHashMap<>();
    for (ModelPrice p : prices) {
      if (!p.currency().equals(currency)) {
        throw new InvalidRequestException("price", p.model() + " is priced in " + p.currency()
            + " but the table is in " + currency + "; one table holds one currency");
      }
      List<ModelPrice> list = byName.computeIfAbsent(p.model(), k -> new ArrayList<>());
      list.removeIf(q -> q.effectiveFrom().equals(p.effectiveFrom())); // a later entry replaces it
      list.add(p);
    }
    Map<String, List<ModelPrice>> ex = new HashMap<>();
    List<Map.Entry<String, List<ModelPrice>>> px = new ArrayList<>();
    List<ModelPrice> every = new ArrayList<>();
    for (Map.Entry<String, List<ModelPrice>> e : byName.entrySet()) {
      List<ModelPrice> sorted = new ArrayList<>(e.getValue());
      sorted.sort(Comparator.comparing(ModelPrice::effectiveFrom).reversed());
      every.addAll(sorted);
      if (e.getKey().endsWith("*")) {
        px.add(Map.entry(e.getKey().substring(0, e.getKey().length() - 1), List.copyOf(sorted)));
      } else {
        ex.put(e.getKey(), List.copyOf(sorted));
      }
    }
    px.sort(Comparator.comparing((Map.Entry<String, List<ModelPrice>> e) -> e.getKey().length()).reversed());
    this.exact = Map.copyOf(ex);
    this.prefixes = List.copyOf(px);
    this.all = List.copyOf(every);
  }

  /**
   * A table of the given prices.
   *
   * @param currency the currency of every price
   * @param takenOn when the prices were taken from their source, in words or as a date
   */
  public static PriceTable of(String currency, String takenOn, List<ModelPrice> prices) {
    Money.zero(currency); // validates the code
    return new PriceTable(currency, Checks.notBlank(takenOn, "takenOn"), List.copyOf(prices));
  }

  /** The prices shipped in hai-core's jar ({@value #RESOURCE}); see {@link #takenOn()}. */
  public static PriceTable defaults() {
    return Holder.DEFAULTS;
  }

  private static final class Holder {
    static final PriceTable DEFAULTS = loadResource();

    private static PriceTable loadResource() {
      try (InputStream in = PriceTable.class.getClassLoader().getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("hai-core's price table " + RESOURCE + " is missing from the class path");
        }
        return parse(in, RESOURCE);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Reads a price file (format in {@code docs/cost-and-budgets.md}).
   *
   * @throws InvalidRequestException naming the entry and field when the file is malformed
   * @throws UncheckedIOException when the file cannot be read
   */
  public static PriceTable load(Path file) {
    Checks.required(file, "file");
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read price file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads a price file from a stream; {@code source} names it in error messages. */
  public static PriceTable parse(InputStream in, String source) throws IOException {
    PriceFiles.Parsed parsed = PriceFiles.parse(in, source);
    return new PriceTable(parsed.currency(), parsed.takenOn(), parsed.prices());
  }

  /**
   * This table with {@code overrides} laid over it: an override entry replaces the entry of the same
   * model and effective day, and adds new models and later prices.
   */
  public PriceTable withOverrides(PriceTable overrides) {
    Checks.required(overrides, "overrides");
    List<ModelPrice> merged = new ArrayList<>(all);
    merged.addAll(overrides.all);
    return new PriceTable(currency, takenOn + "; overrides: " + overrides.takenOn, merged);
  }

  /** The currency of every price in the table. */
  public String currency() {
    return currency;
  }

  /** When the prices were taken from their source, as the file says. */
  public String takenOn() {
    return takenOn;
  }

  /** Every entry, grouped by model, newest first within a model. */
  public List<ModelPrice> prices() {
    return all;
  }

  /** The price of {@code model} on {@code day}, if the table has one. */
  public Optional<ModelPrice> find(String model, LocalDate day) {
    Checks.notBlank(model, "model");
    Checks.required(day, "day");
    List<ModelPrice> entries = exact.get(model);
    if (entries == null) {
      String base = SNAPSHOT.matcher(model).replaceFirst("");
      entries = exact.get(base);
    }
    if (entries == null) {
      for (Map.Entry<String, List<ModelPrice>> p : prefixes) {
        if (model.startsWith(p.getKey())) {
          entries = p.getValue();
          break;
        }
      }
    }
    if (entries == null) {
      return Optional.empty();
    }
    for (ModelPrice p : entries) {
      if (!p.effectiveFrom().isAfter(day)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * The price of {@code model} on {@code day}.
   *
   * @throws UnknownModelException when the table has none
   */
  public ModelPrice lookup(String model, LocalDate day) {
    return find(model, day).orElseThrow(() -> new UnknownModelException(model, day,
        "no price for model '" + model + "' on " + day + " in the price table (prices taken " + takenOn
            + "); add it with PriceTable.withOverrides(PriceTable.load(file)), or allow unpriced models with"
            + " CostTracking.Builder.allowUnpricedModels(true)"));
  }

  @Override
  public String toString() {
    return "PriceTable[" + exact.size() + " models, " + prefixes.size() + " prefixes, " + currency + ", taken " + takenOn + "]";
  }
}

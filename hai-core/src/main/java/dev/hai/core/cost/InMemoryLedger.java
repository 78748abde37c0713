package dev.hai.core.cost;

import dev.hai.core.internal.Checks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * The embedded {@link CostLedger}: keeps every entry in this JVM's memory, in the order recorded,
 * and is a {@link LedgerSource} for reports. For tests, demos and embedded use: it grows with every
 * call and is lost on exit; production keeps its ledger in a {@link JsonlLedger} file or in
 * PostgreSQL. Thread-safe.
 */
public final class InMemoryLedger implements CostLedger, LedgerSource {
  private final ConcurrentLinkedQueue<LedgerEntry> entries = new ConcurrentLinkedQueue<>();

  @Override
  public void record(LedgerEntry entry) {
    entries.add(Checks.required(entry, "entry"));
  }

  /** A snapshot of the entries recorded so far, oldest first. */
  public List<LedgerEntry> entries() {
    return List.copyOf(new ArrayList<>(entries));
  }

  /** The sum of the known costs of all entries, in {@code currency}; entries of unknown cost add nothing. */
  public Money total(String currency) {
    long sum = 0;
    for (LedgerEntry e : entries) {
      if (e.cost() != null) {
        sum = Math.addExact(sum, Money.zero(currency).plus(e.cost()).micros());
      }
    }
    return Money.ofMicros(currency, sum);
  }

  @Override
  public void read(Instant from, Instant to, Consumer<? super LedgerEntry> sink) {
    for (LedgerEntry e : entries) {
      if (!e.time().isBefore(from) && e.time().isBefore(to)) {
        sink.accept(e);
      }
    }
  }

  @Override
  public String describe() {
    return "in memory (" + entries.size() + " entries; lost on exit)";
  }
}

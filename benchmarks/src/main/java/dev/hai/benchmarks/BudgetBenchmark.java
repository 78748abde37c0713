package dev.hai.benchmarks;

import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.ClinicalResult;
import dev.hai.core.cost.Budget;
import dev.hai.core.cost.BudgetStore;
import dev.hai.core.cost.CostTracking;
import dev.hai.core.cost.Money;
import dev.hai.core.cost.ReserveOutcome;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The embedded budget store: one reserve followed by its settlement, as the budget stage does per
 * call, against the tenant's and the actor's budget (the usual pair) or one budget.
 *
 * <ul>
 *   <li>{@code baselineId} (sample time): making the reservation id only; the harness's own cost.
 *   <li>{@code reserveSettle} (1 thread, sample time): target under 2 µs at the median.
 *   <li>{@code reserveSettle8} (8 threads, throughput): reserve+settle pairs per second, every
 *       thread against the same budgets (the contended case).
 *   <li>{@code callWithoutCost} / {@code callWithBudget} (sample time): a whole call in front of a
 *       backend that answers at once, without and with cost tracking (price lookup, worst case,
 *       reserve, settle, ledger entry); the difference is the budget stage's cost per call.
 * </ul>
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar Budget}
 */
@State(Scope.Benchmark)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class BudgetBenchmark {
  private static final AtomicLong THREAD_IDS = new AtomicLong();

  @Param({"2"})
  public int budgets;

  private BudgetStore store;
  private List<Budget> applicable;
  private Money amount;
  private Money actual;
  private Instant now;
  private ClinicalModelClient plain;
  private ClinicalModelClient costed;
  private ClinicalRequest request;
  private final LongAdder ledgerEntries = new LongAdder();

  /** Per-thread reservation ids without SecureRandom: the thread's id and a counter. */
  @State(Scope.Thread)
  public static class Ids {
    final long hi = THREAD_IDS.incrementAndGet();
    long lo;

    UUID next() {
      return new UUID(hi, ++lo);
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    store = BudgetStore.inMemory();
    Money huge = Money.of("USD", "1000000000");
    Budget tenant = Budget.tenant("cardiology").monthly(huge).build();
    Budget actor = Budget.tenant("cardiology").actor("u-4711").daily(huge).build();
    applicable = budgets == 1 ? List.of(tenant) : List.of(tenant, actor);
    amount = Money.of("USD", "0.015079");
    actual = Money.of("USD", "0.012207");
    now = Instant.now();

    plain = ClinicalModelClient.builder().backend(new InstantBackend()).build();
    costed = ClinicalModelClient.builder().backend(new InstantBackend())
        .costTracking(CostTracking.builder()
            .budget(tenant).budget(actor)
            .localComputePrice("instant", Money.of("USD", "2.40"))
            .ledger(e -> ledgerEntries.increment()) // counts; an in-memory ledger would grow for the whole run
            .build())
        .build();
    request = BenchmarkRequests.summary().build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    plain.close();
    costed.close();
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public UUID baselineId(Ids ids) {
    return ids.next();
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public ReserveOutcome reserveSettle(Ids ids) {
    return reserveAndSettle(ids);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(8)
  public ReserveOutcome reserveSettle8(Ids ids) {
    return reserveAndSettle(ids);
  }

  private ReserveOutcome reserveAndSettle(Ids ids) {
    ReserveOutcome o = store.reserve(ids.next(), now, applicable, amount);
    if (o instanceof ReserveOutcome.Reserved r) {
      store.settle(r.reservation(), actual);
    }
    return o;
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public ClinicalResult callWithoutCost() {
    return plain.call(request);
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public ClinicalResult callWithBudget() {
    return costed.call(request);
  }
}

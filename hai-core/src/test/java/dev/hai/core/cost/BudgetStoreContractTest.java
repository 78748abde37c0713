package dev.hai.core.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BudgetStore} must do; each implementation's test extends this class (hai-core's
 * test jar ships it). Every test uses fresh tenants, so a store that keeps its state between tests
 * (a database) can run them all against one schema.
 */
public abstract class BudgetStoreContractTest {
  /** 8 AM on a weekday in Berlin; the periods below are Berlin's. */
  protected static final Instant T0 = Instant.parse("2026-11-26T07:00:00Z");
  protected static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  /** A new store, or a shared one: tests never reuse a tenant. */
  protected abstract BudgetStore store();

  /** How many threads the concurrency test runs at once. */
  protected int threads() {
    return 1000;
  }

  protected static String freshTenant() {
    return "t-" + UUID.randomUUID();
  }

  protected static Money usd(String amount) {
    return Money.of("USD", amount);
  }

  protected static Budget daily(String tenant, String limit) {
    return Budget.tenant(tenant).daily(usd(limit)).zone(BERLIN).build();
  }

  /* --- reserve --- */

  @Test
  void reserve_fits_holdsTheAmount() {
    BudgetStore store = store();
    Budget b = daily(freshTenant(), "1.00");

    ReserveOutcome o = store.reserve(UUID.randomUUID(), T0, List.of(b), usd("0.40"));

    assertThat(o).isInstanceOf(ReserveOutcome.Reserved.class);
    assertThat(((ReserveOutcome.Reserved) o).softOverruns()).isEmpty();
    BudgetStatus s = store.status(b, T0);
    assertThat(s.reserved()).isEqualTo(usd("0.40"));
    assertThat(s.spent()).isEqualTo(usd("0"));
    assertThat(s.remaining()).isEqualTo(usd("0.60"));
    assertThat(s.window().label()).isEqualTo("2026-11-26");
  }

  @Test
  void reserve_exactlyTheLimit_fits_oneMicroMore_refused() {
    BudgetStore store = store();
    Budget b = daily(freshTenant(), "1.00");

    assertThat(store.reserve(UUID.randomUUID(), T0, List.of(b), usd("1.00"))).isInstanceOf(ReserveOutcome.Reserved.class);
    ReserveOutcome o = store.reserve(UUID.randomUUID(), T0, List.of(b), Money.ofMicros("USD", 1));

    assertThat(o).isInstanceOf(ReserveOutcome.Refused.class);
    BudgetOverrun overrun = ((ReserveOutcome.Refused) o).overrun();
    assertThat(overrun.budget()).isEqualTo(b);
    assertThat(overrun.reserved()).isEqualTo(usd("1.00"));
    assertThat(overrun.spent()).isEqualTo(usd("0"));
    assertThat(overrun.requested()).isEqualTo(Money.ofMicros("USD", 1));
  }

  @Test
  void reserve_secondHardBudgetDoesNotFit_nothingIsHeldAnywhere() {
    BudgetStore store = store();
    String tenant = freshTenant();
    Budget department = daily(tenant, "10.00");
    Budget clinician = Budget.tenant(tenant).actor("u-1").daily(usd("0.50")).zone(BERLIN).build();

    ReserveOutcome o = store.reserve(UUID.randomUUID(), T0, List.of(department, clinician), usd("0.60"));

    assertThat(o).isInstanceOf(ReserveOutcome.Refused.class);
    assertThat(((ReserveOutcome.Refused) o).overrun().budget()).isEqualTo(clinician);
    assertThat(store.status(department, T0).reserved()).isEqualTo(usd("0"));
    assertThat(store.status(clinician, T0).reserved()).isEqualTo(usd("0"));
  }

  @Test
  void reserve_softBudgetDoesNotFit_holdsAndReportsTheOverrun() {
    BudgetStore store = store();
    Budget soft = Budget.tenant(freshTenant()).daily(usd("0.50")).zone(BERLIN).soft().build();

    ReserveOutcome o = store.reserve(UUID.randomUUID(), T0, List.of(soft), usd("0.60"));

    assertThat(o).isInstanceOf(ReserveOutcome.Reserved.class);
    List<BudgetOverrun> overruns = ((ReserveOutcome.Reserved) o).softOverruns();
    assertThat(overruns).hasSize(1);
    assertThat(overruns.get(0).budget()).isEqualTo(soft);
    assertThat(overruns.get(0).requested()).isEqualTo(usd("0.60"));
    assertThat(store.status(soft, T0).reserved()).isEqualTo(usd("0.60"));
  }

  @Test
  void reserve_noBudgets_reserved() {
    ReserveOutcome o = store().reserve(UUID.randomUUID(), T0, List.of(), usd("5"));

    assertThat(o).isInstanceOf(ReserveOutcome.Reserved.class);
  }

  /* --- settle and release --- */

  @Test
  void settle_replacesTheHoldWithTheActualAmount() {
    BudgetStore store = store();
    Budget b = daily(freshTenant(), "1.00");
    Reservation r = reserved(store.reserve(UUID.randomUUID(), T0, List.of(b), usd("0.40")));

    store.settle(r, Money.ofMicros("USD", 123_457));

    BudgetStatus s = store.status(b, T0);
    assertThat(s.reserved()).isEqualTo(usd("0"));
    assertThat(s.spent()).isEqualTo(Money.ofMicros("USD", 123_457));
  }

  @Test
  void settle_twice_countsOnce() {
    BudgetStore store = store();
    Budget b = daily(freshTenant(), "1.00");
    Reservation r = reserved(store.reserve(UUID.randomUUID(), T0, List.of(b), usd("0.40")));

    store.settle(r, usd("0.30"));
    store.settle(r, usd("0.30"));
    store.release(r);

    assertThat(store.status(b, T0).spent()).isEqualTo(usd("0.30"));
    assertThat(store.status(b, T0).reserved()).isEqualTo(usd("0"));
  }

  @Test
  void release_freesTheHoldWithoutSpend() {
    BudgetStore store = store();
    Budget b = daily(freshTenant(), "1.00");
    Reservation r = reserved(store.reserve(UUID.randomUUID(), T0, List.of(b), usd("0.40")));

    store.release(r);

    assertThat(store.status(b, T0).reserved()).isEqualTo(usd("0"));
    assertThat(store.status(b, T0).spent()).isEqualTo(usd("0"));
  }

  @Test
  void settle_inTheNextPeriod_countsInTheReservationsPeriod() {
    BudgetStore store = store();
    Budget b = daily(freshTenant(), "1.00");
    Instant beforeMidnight = Instant.parse("2026-11-26T22:59:59Z"); // 23:59:59 in Berlin
    Reservation r = reserved(store.reserve(UUID.randomUUID(), beforeMidnight, List.of(b), usd("0.40")));

    store.settle(r, usd("0.25"));

    assertThat(store.status(b, beforeMidnight).spent()).isEqualTo(usd("0.25"));
    assertThat(store.status(b, beforeMidnight.plusSeconds(2)).spent()).isEqualTo(usd("0"));
  }

  /* --- periods --- */

  @Test
  void reserve_afterMidnightInTheBudgetsZone_startsAFreshPeriod() {
    BudgetStore store = store();
    Budget b = daily(freshTenant(), "1.00");
    Instant lateEvening = Instant.parse("2026-11-26T22:30:00Z"); // 23:30 in Berlin
    store.settle(reserved(store.reserve(UUID.randomUUID(), lateEvening, List.of(b), usd("1.00"))), usd("1.00"));
    assertThat(store.reserve(UUID.randomUUID(), lateEvening, List.of(b), usd("0.01")))
        .isInstanceOf(ReserveOutcome.Refused.class);

    Instant afterMidnight = Instant.parse("2026-11-26T23:00:00Z"); // 00:00 in Berlin, 23:00 in UTC
    ReserveOutcome o = store.reserve(UUID.randomUUID(), afterMidnight, List.of(b), usd("1.00"));

    assertThat(o).isInstanceOf(ReserveOutcome.Reserved.class);
    assertThat(store.status(b, afterMidnight).window().label()).isEqualTo("2026-11-27");
    assertThat(store.status(b, afterMidnight).spent()).isEqualTo(usd("0"));
  }

  @Test
  void monthlyBudget_spansTheMonth() {
    BudgetStore store = store();
    Budget b = Budget.tenant(freshTenant()).monthly(usd("2.00")).zone(BERLIN).build();
    store.settle(reserved(store.reserve(UUID.randomUUID(), Instant.parse("2026-11-01T00:30:00Z"), List.of(b),
        usd("1.50"))), usd("1.50"));

    ReserveOutcome late = store.reserve(UUID.randomUUID(), Instant.parse("2026-11-30T22:00:00Z"), List.of(b), usd("1.00"));
    ReserveOutcome december = store.reserve(UUID.randomUUID(), Instant.parse("2026-11-30T23:00:00Z"), List.of(b), usd("1.00"));

    assertThat(late).isInstanceOf(ReserveOutcome.Refused.class);
    assertThat(december).isInstanceOf(ReserveOutcome.Reserved.class);
  }

  @Test
  void budgetsWithOneKey_shareTheirSpend_whateverTheirLimit() {
    BudgetStore store = store();
    String tenant = freshTenant();
    Budget small = daily(tenant, "1.00");
    Budget raised = daily(tenant, "3.00");
    store.settle(reserved(store.reserve(UUID.randomUUID(), T0, List.of(small), usd("1.00"))), usd("0.90"));

    assertThat(store.status(raised, T0).spent()).isEqualTo(usd("0.90"));
    assertThat(store.reserve(UUID.randomUUID(), T0, List.of(raised), usd("2.00"))).isInstanceOf(ReserveOutcome.Reserved.class);
  }

  /* --- concurrency --- */

  @Test
  void concurrentReserves_aBudgetThatFits600_admitExactly600_andSpendIsTheSumOfSettlements() throws Exception {
    BudgetStore store = store();
    String tenant = freshTenant();
    Money each = Money.ofMicros("USD", 1_234_567);
    Budget b = Budget.tenant(tenant).daily(Money.ofMicros("USD", 600 * each.micros())).zone(BERLIN).build();
    Budget actorBudget = Budget.tenant(tenant).actor("u-1").daily(usd("100000")).zone(BERLIN).build();
    int n = threads();
    CountDownLatch start = new CountDownLatch(1);
    ConcurrentLinkedQueue<Reservation> admitted = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // Half name the budgets in the other order: the store must not deadlock on lock order.
      List<Budget> budgets = i % 2 == 0 ? List.of(b, actorBudget) : List.of(actorBudget, b);
      Thread t = new Thread(() -> {
        try {
          start.await();
          ReserveOutcome o = store.reserve(UUID.randomUUID(), T0, budgets, each);
          if (o instanceof ReserveOutcome.Reserved r) {
            admitted.add(r.reservation());
          }
        } catch (Throwable e) {
          errors.add(e);
        }
      });
      t.start();
      workers.add(t);
    }
    start.countDown();
    for (Thread t : workers) {
      t.join(60_000);
    }
    assertThat(errors).isEmpty();
    assertThat(admitted).hasSize(Math.min(600, n));
    assertThat(store.status(b, T0).reserved()).isEqualTo(Money.ofMicros("USD", admitted.size() * each.micros()));

    long sum = 0;
    List<Thread> settlers = new ArrayList<>();
    ConcurrentLinkedQueue<Long> settled = new ConcurrentLinkedQueue<>();
    for (Reservation r : admitted) {
      long actual = ThreadLocalRandom.current().nextLong(each.micros() + 1);
      settled.add(actual);
      Thread t = new Thread(() -> store.settle(r, Money.ofMicros("USD", actual)));
      t.start();
      settlers.add(t);
    }
    for (Thread t : settlers) {
      t.join(60_000);
    }
    for (long s : settled) {
      sum += s;
    }
    BudgetStatus after = store.status(b, T0);
    assertThat(after.reserved()).isEqualTo(Money.ofMicros("USD", 0));
    assertThat(after.spent()).isEqualTo(Money.ofMicros("USD", sum));
    assertThat(store.status(actorBudget, T0).spent()).isEqualTo(Money.ofMicros("USD", sum));
  }

  protected static Reservation reserved(ReserveOutcome o) {
    assertThat(o).isInstanceOf(ReserveOutcome.Reserved.class);
    return ((ReserveOutcome.Reserved) o).reservation();
  }
}

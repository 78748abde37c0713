package dev.hai.core.internal.cost;

import dev.hai.core.cost.Budget;
import dev.hai.core.cost.BudgetOverrun;
import dev.hai.core.cost.BudgetStatus;
import dev.hai.core.cost.BudgetStore;
import dev.hai.core.cost.BudgetWindow;
import dev.hai.core.cost.Money;
import dev.hai.core.cost.Reservation;
import dev.hai.core.cost.ReserveOutcome;
import dev.hai.core.internal.Checks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/*
 * Implementation notes.
 *
 * One Account per (budget key, period): spent and reserved micro-units, guarded by the account's
 * lock. A reserve locks the accounts of all its budgets, checks every hard one, and applies the hold
 * to all of them before unlocking, so it is atomic. Locks are taken in the accounts' creation order
 * (a global sequence number), the same total order for every caller, so two reserves over the same
 * budgets never deadlock. The common case, one or two budgets, takes one or two uncontended locks.
 *
 * Each budget key keeps its current period's account in a volatile field; a call in another period
 * (a roll-over, or a settlement of last period's reservation) finds or creates that period's account
 * in a map. Open reservations are kept by id so that a settle or release happens exactly once.
 */
/** The embedded {@link BudgetStore}: budgets hold within this JVM. Thread-safe. */
public final class InMemoryBudgetStore implements BudgetStore {
  private static final AtomicLong ORDER = new AtomicLong();

  private final ConcurrentHashMap<Budget, Ledger> byBudget = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Ledger> byKey = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<UUID, Reservation> open = new ConcurrentHashMap<>();

  /** One period's sums of one budget key. */
  static final class Account {
    final BudgetWindow window;
    final long order = ORDER.incrementAndGet();
    final ReentrantLock lock = new ReentrantLock();
    long spent; // guarded by lock
    long reserved; // guarded by lock

    Account(BudgetWindow window) {
      this.window = window;
    }
  }

  /** The accounts of one budget key, one per period. */
  static final class Ledger {
    final Budget budget;
    final ConcurrentHashMap<Instant, Account> byStart = new ConcurrentHashMap<>();
    volatile Account current;

    Ledger(Budget budget, Instant now) {
      this.budget = budget;
      BudgetWindow w = budget.windowAt(now);
      this.current = byStart.computeIfAbsent(w.start(), s -> new Account(w));
    }

    Account at(Instant t) {
      Account c = current;
      if (c.window.contains(t)) {
        return c;
      }
      BudgetWindow w = budget.windowAt(t);
      Account a = byStart.computeIfAbsent(w.start(), s -> new Account(w));
      if (w.start().isAfter(c.window.start())) {
        current = a; // a benign race: any account of the right period is the right one
      }
      return a;
    }
  }

  private Ledger ledger(Budget budget, Instant t) {
    Ledger l = byBudget.get(budget);
    if (l == null) {
      // Budgets with one key share their spend, whatever their limit.
      l = byBudget.computeIfAbsent(budget, b -> byKey.computeIfAbsent(b.key(), k -> new Ledger(b, t)));
    }
    return l;
  }

  @Override
  public ReserveOutcome reserve(UUID id, Instant time, List<Budget> budgets, Money amount) {
    Checks.required(id, "id");
    Reservation reservation = new Reservation(id, time, budgets, amount);
    budgets = reservation.budgets();
    if (open.putIfAbsent(id, reservation) != null) {
      throw new IllegalArgumentException("reservation " + id + " is already open");
    }
    int n = budgets.size();
    if (n == 0) {
      return new ReserveOutcome.Reserved(reservation, List.of());
    }
    Account[] accounts = new Account[n];
    for (int i = 0; i < n; i++) {
      accounts[i] = ledger(budgets.get(i), time).at(time);
    }
    Account[] lockOrder = n == 1 ? accounts : distinctInOrder(accounts);
    long want = amount.micros();
    List<BudgetOverrun> soft = List.of();
    lockAll(lockOrder);
    try {
      for (int i = 0; i < n; i++) {
        Account a = accounts[i];
        Budget b = budgets.get(i);
        if (Math.addExact(Math.addExact(a.spent, a.reserved), want) > b.limit().micros()) {
          BudgetOverrun overrun = new BudgetOverrun(b, a.window, Money.ofMicros(amount.currency(), a.spent),
              Money.ofMicros(amount.currency(), a.reserved), amount);
          if (b.isHard()) {
            open.remove(id);
            return new ReserveOutcome.Refused(overrun);
          }
          if (soft.isEmpty()) {
            soft = new ArrayList<>(1);
          }
          soft.add(overrun);
        }
      }
      for (Account a : lockOrder) {
        a.reserved += want;
      }
    } finally {
      unlockAll(lockOrder);
    }
    return new ReserveOutcome.Reserved(reservation, soft);
  }

  @Override
  public void settle(Reservation reservation, Money actual) {
    Checks.required(reservation, "reservation");
    Checks.required(actual, "actual");
    if (!actual.currency().equals(reservation.amount().currency())) {
      throw new IllegalArgumentException("settlement in " + actual.currency() + " of a reservation in "
          + reservation.amount().currency());
    }
    if (open.remove(reservation.id()) == null) {
      return; // settled or released already
    }
    List<Budget> budgets = reservation.budgets();
    Account[] accounts = new Account[budgets.size()];
    for (int i = 0; i < accounts.length; i++) {
      accounts[i] = ledger(budgets.get(i), reservation.time()).at(reservation.time());
    }
    long held = reservation.amount().micros();
    long spend = actual.micros();
    for (Account a : accounts.length == 1 ? accounts : distinctInOrder(accounts)) {
      a.lock.lock();
      try {
        a.reserved -= held;
        a.spent = Math.addExact(a.spent, spend);
      } finally {
        a.lock.unlock();
      }
    }
  }

  @Override
  public BudgetStatus status(Budget budget, Instant at) {
    Checks.required(budget, "budget");
    Account a = ledger(budget, at).at(at);
    String currency = budget.limit().currency();
    a.lock.lock();
    try {
      return new BudgetStatus(budget, a.window, Money.ofMicros(currency, a.spent), Money.ofMicros(currency, a.reserved));
    } finally {
      a.lock.unlock();
    }
  }

  @Override
  public String describe() {
    return "in memory (budgets hold within this JVM only)";
  }

  /** The accounts without repeats (budgets of one key share one), in the global lock order. */
  private static Account[] distinctInOrder(Account[] accounts) {
    Account[] sorted = accounts.clone();
    Arrays.sort(sorted, Comparator.comparingLong(a -> a.order));
    int k = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (k == 0 || sorted[k - 1] != sorted[i]) {
        sorted[k++] = sorted[i];
      }
    }
    return k == sorted.length ? sorted : Arrays.copyOf(sorted, k);
  }

  private static void lockAll(Account[] ordered) {
    for (Account a : ordered) {
      a.lock.lock();
    }
  }

  private static void unlockAll(Account[] ordered) {
    for (Account a : ordered) {
      a.lock.unlock();
    }
  }
}

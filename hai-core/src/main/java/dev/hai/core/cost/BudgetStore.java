package dev.hai.core.cost;

import dev.hai.core.internal.cost.InMemoryBudgetStore;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Where budgets' spend and reservations live. The embedded default, {@link #inMemory()}, holds them
 * in this JVM; {@code hai-store-jdbc} holds them in PostgreSQL so that budgets hold across JVMs.
 *
 * <p>Implementations must be thread-safe and must guarantee:
 *
 * <ul>
 *   <li><b>Atomic reserve.</b> {@link #reserve} holds the amount against every budget of the
 *       request or against none; for every hard budget, in the period containing the request's time,
 *       {@code spent + reserved + amount <= limit} holds at the moment of the reserve, whatever other
 *       reservations run concurrently (in this JVM or, for a shared store, in any).
 *   <li><b>Exact settlement.</b> {@link #settle} removes the reservation's amount from each budget's
 *       reserved sum and adds the actual amount to its spend, in the reservation's period, exactly
 *       once per reservation id (a repeated settle or release of the same id does nothing).
 *   <li>Soft budgets never refuse; {@link ReserveOutcome.Reserved#softOverruns()} names those that the
 *       reservation takes over their limit.
 * </ul>
 */
public interface BudgetStore {

  /**
   * Holds {@code amount} against each of {@code budgets} in the period containing {@code time}.
   *
   * @param id the reservation's id (the call id); unique
   * @param time picks each budget's period
   * @param budgets the budgets that apply to the call, hard and soft; may be empty
   * @param amount the call's worst-case cost
   * @return {@link ReserveOutcome.Reserved}, or {@link ReserveOutcome.Refused} naming the first hard
   *     budget in {@code budgets}' order that does not fit
   * @throws BudgetStoreException when the store cannot answer (the call is then refused)
   */
  ReserveOutcome reserve(UUID id, Instant time, List<Budget> budgets, Money amount);

  /**
   * Turns a reservation into spend of {@code actual}, which may be more or less than the amount
   * held, and frees the hold.
   *
   * @throws BudgetStoreException when the store cannot record it
   */
  void settle(Reservation reservation, Money actual);

  /**
   * Frees a reservation without spend (the call spent nothing).
   *
   * @throws BudgetStoreException when the store cannot record it
   */
  default void release(Reservation reservation) {
    settle(reservation, Money.zero(reservation.amount().currency()));
  }

  /** Where {@code budget} stands in the period containing {@code at}. */
  BudgetStatus status(Budget budget, Instant at);

  /** One line for {@code describe()}: what the store is. */
  default String describe() {
    return getClass().getSimpleName();
  }

  /** A store in this JVM's memory: budgets hold only within one JVM. */
  static BudgetStore inMemory() {
    return new InMemoryBudgetStore();
  }
}

package dev.hai.core.cost;

import dev.hai.core.InvalidRequestException;
import dev.hai.core.internal.Checks;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Money held against budgets for one call until it is settled or released. Immutable; a store
 * finds the held amounts from these fields alone, so a reservation made in one JVM can be settled
 * in another.
 *
 * @param id the reservation's id, unique per call (the client uses the call id)
 * @param time the instant of the reservation; it picks each budget's period, and the settled
 *     amount counts in that period even when the call ends in the next one
 * @param budgets the budgets held, hard and soft, in the order the request named them
 * @param amount the amount held against each of them
 */
public record Reservation(UUID id, Instant time, List<Budget> budgets, Money amount) {
  public Reservation {
    Checks.required(id, "reservation.id");
    Checks.required(time, "reservation.time");
    budgets = List.copyOf(Checks.required(budgets, "reservation.budgets"));
    Checks.required(amount, "reservation.amount");
    if (amount.isNegative()) {
      throw new InvalidRequestException("reservation.amount", "must not be negative, was " + amount);
    }
    for (Budget b : budgets) {
      if (!b.limit().currency().equals(amount.currency())) {
        throw new InvalidRequestException("reservation.amount",
            "is in " + amount.currency() + " but budget " + b.key() + " is in " + b.limit().currency());
      }
    }
  }
}

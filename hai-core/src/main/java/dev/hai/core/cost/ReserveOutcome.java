package dev.hai.core.cost;

import dev.hai.core.internal.Checks;
import java.util.List;

/** What {@link BudgetStore#reserve} answered: the money is held, or a hard budget refused it. */
public sealed interface ReserveOutcome permits ReserveOutcome.Reserved, ReserveOutcome.Refused {

  /**
   * The amount is held against every budget of the request.
   *
   * @param reservation settle or release it when the call ends
   * @param softOverruns the soft budgets this reservation takes over their limit (empty when none)
   */
  record Reserved(Reservation reservation, List<BudgetOverrun> softOverruns) implements ReserveOutcome {
    public Reserved {
      Checks.required(reservation, "reservation");
      softOverruns = List.copyOf(softOverruns);
    }
  }

  /**
   * Nothing was held: a hard budget does not fit.
   *
   * @param overrun the first hard budget, in the request's order, that does not fit
   */
  record Refused(BudgetOverrun overrun) implements ReserveOutcome {
    public Refused {
      Checks.required(overrun, "overrun");
    }
  }
}

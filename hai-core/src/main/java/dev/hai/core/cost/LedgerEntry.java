package dev.hai.core.cost;

import dev.hai.core.Usage;
import dev.hai.core.internal.Checks;
import dev.hai.core.spi.Hosting;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One call's line in the cost ledger: who spent what on which prompt and model. Holds no call
 * content.
 *
 * @param callId the call's id, as in {@code ClinicalResult.callId()}
 * @param time the instant the budget stage reserved for the call (as the call began); the cost
 *     counts in the budget periods that contain it
 * @param tenant the caller's tenant
 * @param actorId the caller's id
 * @param promptId the versioned prompt's id, or null for inline messages
 * @param promptVersion its version, or null
 * @param backend the backend that answered or was tried last, or null when none was reached
 * @param model the model that answered or was asked last, or null
 * @param hosting where that backend runs, or null when none was reached
 * @param usage tokens billed
 * @param busyMicros time local backends spent on the call, in microseconds (0 for cloud backends)
 * @param cost what the call cost; null when it is unknown (an unpriced model that was allowed)
 * @param outcome the result's outcome, for example {@code "success"} or {@code "unavailable"}
 */
public record LedgerEntry(
    UUID callId,
    Instant time,
    String tenant,
    String actorId,
    @Nullable String promptId,
    @Nullable String promptVersion,
    @Nullable String backend,
    @Nullable String model,
    @Nullable Hosting hosting,
    Usage usage,
    long busyMicros,
    @Nullable Money cost,
    String outcome) {
  public LedgerEntry {
    Checks.required(callId, "callId");
    Checks.required(time, "time");
    Checks.notBlank(tenant, "tenant");
    Checks.notBlank(actorId, "actorId");
    Checks.required(usage, "usage");
    if (busyMicros < 0) {
      throw new IllegalArgumentException("busyMicros must not be negative, was " + busyMicros);
    }
    Checks.notBlank(outcome, "outcome");
  }

  /** The cost, when known. */
  public Optional<Money> costAmount() {
    return Optional.ofNullable(cost);
  }
}

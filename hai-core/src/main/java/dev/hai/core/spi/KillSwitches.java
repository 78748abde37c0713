package dev.hai.core.spi;

import dev.hai.core.KillSwitch;
import java.util.Optional;

/**
 * Where the client looks up kill switches: "is this target disabled, and by whom, why, since when?"
 * The client asks for every target a call touches (everything, its tenant, its prompt and prompt
 * version, each model it would use) and ends the call with {@code ClinicalResult.Disabled} on the
 * first switch found. hai-governance's {@code FileKillSwitches} is the embedded implementation.
 *
 * <p>Implementations are asked several times on every call, by concurrent calls: they must be
 * thread-safe and answer from memory in well under a microsecond (an immutable snapshot that a
 * watcher swaps), never block on I/O, and not throw. A store that cannot be read keeps answering
 * from the last state it read.
 */
@FunctionalInterface
public interface KillSwitches {

  /** The switch that disables exactly this target, if it is disabled. */
  Optional<KillSwitch> find(KillSwitch.Target target);

  /** One line about the switches for {@code ClinicalModelClient.describe()}. */
  default String describe() {
    return getClass().getSimpleName();
  }
}

package dev.hai.governance.kill;

import dev.hai.core.KillSwitch;
import dev.hai.core.spi.KillSwitches;
import java.util.List;

/**
 * Kill switches that can be flipped: the {@link KillSwitches} a client reads, plus the operations
 * an operator uses in an incident. {@link FileKillSwitches} is the embedded store (one JSON file
 * that every JVM on the machine watches); a PostgreSQL store for many machines implements the same
 * interface, so the {@code hai-governance} command line and the runbook in {@code
 * docs/kill-switches.md} work with either.
 *
 * <p>Every flip is recorded as one administrative event ({@code killswitch.flip}) in the store's
 * audit sink, with who, why, from and to. A call that changes nothing (killing what is already
 * disabled, reviving what is not) records nothing.
 *
 * <p>Implementations are thread-safe; {@link #find} answers from memory.
 */
public interface KillSwitchStore extends KillSwitches, AutoCloseable {

  /** The {@code from}/{@code to} state of a target that has no switch. */
  String ENABLED = "enabled";
  /** The {@code from}/{@code to} state of a disabled target. */
  String DISABLED = "disabled";

  /**
   * Disables a target for new calls, in this JVM at once and in every JVM that watches the store
   * within {@code FileKillSwitches.Builder.DEFAULT_POLL_INTERVAL} plus a read.
   *
   * @param target what to disable
   * @param by who flips it (an operator id)
   * @param why the reason, shown to callers in {@code ClinicalResult.Disabled} and recorded
   * @return the switch now in force: a new one, or the one that already disabled the target (then
   *     nothing is written and no event recorded)
   * @throws KillSwitchException if the flip could not be stored, or was stored but its audit event
   *     could not be written (the message says which)
   */
  KillSwitch kill(KillSwitch.Target target, String by, String why);

  /**
   * Removes a target's switch, so that new calls pass again.
   *
   * @return whether a switch was removed; false (and nothing recorded) when the target was not
   *     disabled
   * @throws KillSwitchException as for {@link #kill}
   */
  boolean revive(KillSwitch.Target target, String by, String why);

  /** Every switch in force, ordered by target. */
  List<KillSwitch> list();

  /** Stops watching the store. The store's audit sink is not closed: it belongs to the caller. */
  @Override
  void close();
}

package dev.hai.governance.internal.kill;

import dev.hai.core.KillSwitch;
import dev.hai.core.audit.AuditEvent;
import dev.hai.core.audit.AuditRecord;
import java.time.Clock;

/** The audit record of one kill-switch flip; every store writes its flips through this. */
public final class FlipEvent {
  /** The event kind of a flip. */
  public static final String KIND = "killswitch.flip";

  private FlipEvent() {}

  /**
   * An unsealed event record: subject the target's written form, {@code from}/{@code to} {@code
   * enabled} or {@code disabled}, tenant the target's tenant (or {@code *}), actor who flipped it.
   */
  public static AuditRecord of(
      KillSwitch.Target target, String from, String to, String by, String role, String why, Clock clock) {
    String tenant = target.scope() == KillSwitch.Scope.TENANT ? target.name() : "*";
    return AuditRecord.ofEvent(new AuditEvent(KIND, target.toString(), from, to), tenant, by, role, why, clock);
  }
}

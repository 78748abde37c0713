package dev.hai.core;

import dev.hai.core.internal.Checks;

/**
 * Who makes a call and why. Every field is required: a clinical call without an accountable actor
 * is not allowed.
 *
 * @param actorId the user's stable identifier in the hospital's identity system (not a name)
 * @param role the actor's role, for example {@code "attending-physician"} or {@code "nurse"}
 * @param tenant the department or organisation the call is billed and governed under
 * @param purposeOfUse why the data is used
 */
public record Caller(String actorId, String role, String tenant, PurposeOfUse purposeOfUse) {
  public Caller {
    Checks.notBlank(actorId, "caller.actorId");
    Checks.notBlank(role, "caller.role");
    Checks.notBlank(tenant, "caller.tenant");
    Checks.required(purposeOfUse, "caller.purposeOfUse");
  }

  public static Caller of(String actorId, String role, String tenant, PurposeOfUse purposeOfUse) {
    return new Caller(actorId, role, tenant, purposeOfUse);
  }
}

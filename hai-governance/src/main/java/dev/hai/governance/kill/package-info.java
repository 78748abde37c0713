/**
 * Kill switches: stop a model, a prompt (or one version), a tenant or everything for new calls,
 * within a second, with each flip recorded in the audit trail.
 *
 * <ul>
 *   <li>{@link dev.hai.governance.kill.FileKillSwitches}: the embedded store, a watched JSON file.
 *   <li>{@link dev.hai.governance.kill.KillSwitchStore}: what a store offers operators (the seam for
 *       a PostgreSQL store).
 * </ul>
 *
 * <p>The client reads switches through {@link dev.hai.core.spi.KillSwitches}; see {@code
 * docs/kill-switches.md} for the runbook.
 */
@NullMarked
package dev.hai.governance.kill;

import org.jspecify.annotations.NullMarked;

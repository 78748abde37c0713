/**
 * The audit trail: one tamper-evident record per call, whatever its outcome.
 *
 * <ul>
 *   <li>{@link dev.hai.core.audit.AuditSink}: where records go (SPI); {@link
 *       dev.hai.core.audit.FileAuditSink} is the embedded JSON Lines implementation.
 *   <li>{@link dev.hai.core.audit.AuditRecord}: the record, schema version 1.
 *   <li>{@link dev.hai.core.audit.AuditChain}: the canonical form and the hash chain.
 *   <li>{@link dev.hai.core.audit.AuditVerifier} and {@link dev.hai.core.audit.AuditCli}: prove a log
 *       untouched.
 *   <li>{@link dev.hai.core.audit.ContentRedactor} and {@link dev.hai.core.audit.AuditAlarm}: hooks.
 * </ul>
 *
 * <p>The format, the chain, recovery and the fail-closed rule are described in {@code
 * docs/audit-format.md}.
 */
@NullMarked
package dev.hai.core.audit;

import org.jspecify.annotations.NullMarked;

package dev.hai.core.audit;

import java.util.UUID;

/**
 * Told when a call proceeds without a durable audit record, which happens only when the client is
 * configured to fail open ({@code ClinicalModelClient.Builder.auditFailOpen(true)}). The client also
 * logs each such call at ERROR and counts them (see {@code describe()}); wire this to the
 * deployment's paging.
 *
 * <p>Called on the caller's thread; must be fast and thread-safe. An exception it throws is logged
 * and ignored.
 */
@FunctionalInterface
public interface AuditAlarm {

  /**
   * @param callId the call that has no durable record
   * @param cause why the record could not be written
   */
  void raised(UUID callId, AuditException cause);
}

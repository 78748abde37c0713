package dev.hai.core.audit;

import java.nio.file.Path;

/**
 * Where audit records go: an append-only, hash-chained store. The client's audit stage hands it
 * exactly one record per call and returns the call's result only after {@link #append} returned.
 *
 * <pre>{@code
 * FileAuditSink audit = FileAuditSink.builder(Path.of("/var/lib/myapp/audit"))
 *     .chainKey(chainKeyFromVault)
 *     .build();
 * ClinicalModelClient client = ClinicalModelClient.builder()
 *     .backend(backend)
 *     .auditSink(audit)
 *     .auditPatientKey(patientKeyFromVault)
 *     .build();
 * }</pre>
 *
 * <p>Implementations must be thread-safe: many calls append at once. They must link each record
 * to the one stored before it with {@link AuditChain#seal}, in storage order, and {@link #append}
 * must not return before the record is durable (would survive a crash of the process and of the
 * machine). The embedded implementation is {@link FileAuditSink}.
 */
public interface AuditSink extends AutoCloseable {

  /**
   * Stores one record durably and returns it as stored, with its chain fields set.
   *
   * @param record an unsealed record
   * @throws AuditException if the record could not be made durable; the sink then reports {@link
   *     #ready()} false until it can write again
   */
  AuditRecord append(AuditRecord record);

  /**
   * Whether the sink can make records durable now. Cheap while the sink is healthy; after a failed
   * write it may try a probe write to find out whether the fault has cleared. The audit stage asks
   * before every call and fails the call closed (no model call) when this is false.
   */
  boolean ready();

  /** One line for {@code ClinicalModelClient.describe()}: where records go and how. */
  String describe();

  /** Writes what is queued, then releases files and threads. Appends after close fail. */
  @Override
  void close();

  /**
   * A {@link FileAuditSink} in {@code directory} with every default (no chain key). Shorthand for
   * {@code FileAuditSink.builder(directory).build()}.
   *
   * @throws AuditException if the directory cannot be created or its last file cannot be recovered
   */
  static FileAuditSink jsonl(Path directory) {
    return FileAuditSink.builder(directory).build();
  }
}

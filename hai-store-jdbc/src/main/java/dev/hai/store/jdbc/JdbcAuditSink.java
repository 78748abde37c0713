package dev.hai.store.jdbc;

import dev.hai.core.audit.AuditException;
import dev.hai.core.audit.AuditSink;
import dev.hai.store.jdbc.internal.PgAuditSink;
import java.time.Duration;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The audit trail in PostgreSQL: the same records, canonical lines and hash chain as {@link
 * dev.hai.core.audit.FileAuditSink}, one row per record in {@code hai_audit_record}, shared by every
 * JVM that writes the same chain.
 *
 * <pre>{@code
 * JdbcStore store = JdbcStore.builder(dataSource).build();   // checks the schema is migrated
 * JdbcAuditSink audit = store.auditSink().chainKey(chainKeyFromVault).build();
 * ClinicalModelClient client = ClinicalModelClient.builder()
 *     .backend(backend)
 *     .auditSink(audit)
 *     .build();
 * }</pre>
 *
 * <p><b>One linear chain across JVMs.</b> Every append passes the chain's head row in {@code
 * hai_audit_chain}, in the same transaction as the rows it links. A writer thread takes the records
 * queued by all calls of this JVM and seals them (with {@link
 * dev.hai.core.audit.AuditChain#sealToLine}) after the head it last wrote; one auto-committed
 * statement moves the head row only if it is still that head and inserts the rows only if it moved
 * it. If a writer in another JVM moved the head first, nothing is stored and the batch is appended
 * in a locking transaction instead: {@code SELECT ... FOR UPDATE} of the head row (a writer in
 * another JVM waits here, then reads the head as committed), seal after it, insert, move the head,
 * commit. Either way records are linked in commit order and no two share a {@code seq} (the primary
 * key {@code (chain_name, seq)} makes sure of it). {@link #append} returns after the commit, with
 * {@code synchronous_commit} at least {@code on} for the sink's session: the record is durable. A
 * writer that dies mid-transaction leaves nothing: PostgreSQL rolls the transaction back and
 * releases the lock.
 *
 * <p>{@link #ready()} is true while the last transaction committed; after a failure it is false
 * until a probe (a locking read of the head row in a transaction rolled back at once, at most every
 * 200 ms) succeeds.
 *
 * <p>Thread-safe. Any number of sinks, in any number of JVMs, may write the same chain.
 */
public interface JdbcAuditSink extends AuditSink {

  /** The chain this sink appends to (a row of {@code hai_audit_chain}). */
  String chainName();

  /** Builds a {@link JdbcAuditSink}; from {@link JdbcStore#auditSink()}. */
  final class Builder {
    /** Default chain name. */
    public static final String DEFAULT_CHAIN_NAME = "main";
    /** Default most records appended in one transaction. */
    public static final int DEFAULT_MAX_BATCH = 256;
    /** Default most records waiting for the writer; appends beyond it wait (back-pressure). */
    public static final int DEFAULT_QUEUE_CAPACITY = 16_384;
    /** Default longest wait for the chain's head row, held by a writer in another JVM. */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(10);

    private final DataSource dataSource;
    private String chainName = DEFAULT_CHAIN_NAME;
    private byte @Nullable [] chainKey;
    private int maxBatch = DEFAULT_MAX_BATCH;
    private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
    private Duration lockTimeout = DEFAULT_LOCK_TIMEOUT;

    Builder(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    /**
     * The chain to append to. Sinks with the same name share one chain, whatever JVM they run in;
     * different names are independent chains in the same table (for example one per application).
     * Default {@link #DEFAULT_CHAIN_NAME}. Letters, digits, {@code -}, {@code _} and {@code .}, at
     * most 64.
     */
    public Builder chainName(String chainName) {
      if (chainName == null || !chainName.matches("[A-Za-z0-9._-]{1,64}")) {
        throw new IllegalArgumentException(
            "chainName must be 1 to 64 letters, digits, '-', '_' or '.', was " + chainName);
      }
      this.chainName = chainName;
      return this;
    }

    /**
     * Hashes the chain with HMAC-SHA-256 under this key instead of plain SHA-256, as {@link
     * dev.hai.core.audit.FileAuditSink.Builder#chainKey} does. Every sink of a chain must use the
     * same key; a chain started without a key cannot be continued with one, and the reverse. At
     * least 32 bytes. Default: no key.
     */
    public Builder chainKey(byte[] key) {
      if (key == null) {
        throw new IllegalArgumentException("chainKey is required");
      }
      if (key.length < 32) {
        throw new IllegalArgumentException("chainKey must be at least 32 bytes, was " + key.length);
      }
      this.chainKey = key.clone();
      return this;
    }

    /** Most records per transaction. Default {@link #DEFAULT_MAX_BATCH}; 1 turns group commit off. */
    public Builder maxBatch(int maxBatch) {
      if (maxBatch < 1) {
        throw new IllegalArgumentException("maxBatch must be at least 1, was " + maxBatch);
      }
      this.maxBatch = maxBatch;
      return this;
    }

    /** Most records queued for the writer. Default {@link #DEFAULT_QUEUE_CAPACITY}. */
    public Builder queueCapacity(int queueCapacity) {
      if (queueCapacity < 1) {
        throw new IllegalArgumentException("queueCapacity must be at least 1, was " + queueCapacity);
      }
      this.queueCapacity = queueCapacity;
      return this;
    }

    /**
     * Longest wait for the chain's head row (PostgreSQL's {@code lock_timeout} for the sink's
     * session); past it the batch fails and {@link JdbcAuditSink#ready()} turns false. The same
     * value is the sink's {@code idle_in_transaction_session_timeout}, so that a frozen JVM does
     * not hold the head row from the others for longer. Default {@link #DEFAULT_LOCK_TIMEOUT}.
     */
    public Builder lockTimeout(Duration lockTimeout) {
      if (lockTimeout == null || lockTimeout.toMillis() < 1) {
        throw new IllegalArgumentException("lockTimeout must be at least 1 ms, was " + lockTimeout);
      }
      this.lockTimeout = lockTimeout;
      return this;
    }

    /**
     * Opens the chain (creating its head row if it is new), checks that its head matches its last
     * record, and starts the writer thread.
     *
     * @throws AuditException if the database cannot be reached, the chain was started with another
     *     kind of hash (key or no key), or its head does not match its last record
     */
    public JdbcAuditSink build() {
      return new PgAuditSink(new PgAuditSink.Options(
          dataSource, chainName, chainKey, maxBatch, queueCapacity, lockTimeout));
    }
  }
}

package dev.hai.governance;

import dev.hai.governance.internal.JsonlDecisionLog;
import dev.hai.governance.internal.PolicyJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the policy engines write each decision, in OPA's decision-log shape ({@link
 * DecisionLogEntry}). The call's audit record holds the decision's id, so the two can be joined.
 *
 * <pre>{@code
 * try (DecisionLog log = DecisionLog.jsonl(Path.of("/var/log/hai/decisions.jsonl"))) {
 *   WasmPolicyEngine engine = WasmPolicyEngine.builder().bundleFile(bundle).decisionLog(log).build();
 *   ...
 * }
 * }</pre>
 *
 * <p>Implementations must be thread-safe and fast: they run on the calling thread for every
 * decision. The engines catch what a log throws, warn, and go on: the audit record, not the
 * decision log, is the durable account of a call.
 */
@FunctionalInterface
public interface DecisionLog extends AutoCloseable {

  /** Records one decision. */
  void log(DecisionLogEntry entry);

  /** Flushes and releases what the log holds. The default does nothing. */
  @Override
  default void close() {}

  /** A log that keeps nothing; the engines' default. */
  static DecisionLog none() {
    return entry -> {};
  }

  /**
   * Appends one JSON line per decision to {@code file} (created if missing), flushed after each
   * line.
   *
   * @throws IOException if the file cannot be opened for appending
   */
  static DecisionLog jsonl(Path file) throws IOException {
    return new JsonlDecisionLog(Objects.requireNonNull(file, "file"));
  }

  /** Writes one JSON line per decision at INFO to the SLF4J logger {@code hai.decisions}. */
  static DecisionLog slf4j() {
    Logger log = LoggerFactory.getLogger("hai.decisions");
    return entry -> {
      if (log.isInfoEnabled()) {
        log.info(PolicyJson.write(entry.toDocument()));
      }
    };
  }
}

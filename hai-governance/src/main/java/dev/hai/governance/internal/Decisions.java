package dev.hai.governance.internal;

import dev.hai.core.policy.PolicyDecision;
import dev.hai.governance.DecisionLog;
import dev.hai.governance.DecisionLogEntry;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What both engines do with a policy's answer: give it an id, log it, read it. */
public final class Decisions {
  private static final Logger log = LoggerFactory.getLogger(Decisions.class);

  private final String engine;
  private final String path;
  private final String bundleName;
  private final DecisionLog decisionLog;
  private final Clock clock;

  public Decisions(String engine, String path, String bundleName, DecisionLog decisionLog, Clock clock) {
    this.engine = engine;
    this.path = path;
    this.bundleName = bundleName;
    this.decisionLog = decisionLog;
    this.clock = clock;
  }

  /**
   * Logs the answer and reads it as a decision.
   *
   * @param decisionId the id the engine was given, or null to make one
   * @throws dev.hai.core.spi.PolicyException if the answer is not a decision (it is logged all the
   *     same, so that a broken policy shows in the decision log)
   */
  public PolicyDecision finish(@Nullable String decisionId, Map<String, Object> input, @Nullable Object result,
      @Nullable String revision, long evalNanos) {
    String id = decisionId != null ? decisionId : UUID.randomUUID().toString();
    try {
      decisionLog.log(new DecisionLogEntry(id, path, input, result, bundleName, revision, clock.instant(), engine,
          evalNanos));
    } catch (RuntimeException e) {
      log.warn("decision {} could not be logged to {}: {}", id, decisionLog, e.toString());
    }
    return PolicyDecision.fromDocument(result, id, revision);
  }
}

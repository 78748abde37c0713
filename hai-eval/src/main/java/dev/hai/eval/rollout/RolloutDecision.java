package dev.hai.eval.rollout;

import java.util.List;

/**
 * What the {@link DecisionEngine} concluded, with the numbers and the reasons in words.
 *
 * <pre>{@code
 * RolloutDecision d = engine.decide(data);
 * if (d instanceof RolloutDecision.Rollback) {
 *   routes.setShares("discharge-summary", 0, "u-ml-lead", d.reasons().get(0));
 * } else if (d instanceof RolloutDecision.KeepTesting) {
 *   log.info("keep testing: {}", d.reasons());
 * }
 * }</pre>
 */
public sealed interface RolloutDecision {

  /** The numbers the decision was made on. */
  RolloutEvidence evidence();

  /** Why, one sentence each, most important first. */
  List<String> reasons();

  /** {@code PROMOTE}, {@code ROLLBACK} or {@code KEEP_TESTING}. */
  String name();

  /** The challenger is significantly better, or non-inferior within the margin, with no safety regression. */
  record Promote(RolloutEvidence evidence, List<String> reasons) implements RolloutDecision {
    public Promote {
      reasons = List.copyOf(reasons);
    }

    @Override
    public String name() {
      return "PROMOTE";
    }
  }

  /** The challenger is significantly worse, or shows an UNSAFE excess. */
  record Rollback(RolloutEvidence evidence, List<String> reasons) implements RolloutDecision {
    public Rollback {
      reasons = List.copyOf(reasons);
    }

    @Override
    public String name() {
      return "ROLLBACK";
    }
  }

  /** Not enough evidence either way. */
  record KeepTesting(RolloutEvidence evidence, List<String> reasons) implements RolloutDecision {
    public KeepTesting {
      reasons = List.copyOf(reasons);
    }

    @Override
    public String name() {
      return "KEEP_TESTING";
    }
  }
}

package dev.hai.eval;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link Gate} found: one result per rule.
 *
 * @param rules the rules' results, in the gate's order
 */
public record GateResult(List<RuleResult> rules) {

  public GateResult {
    rules = List.copyOf(rules);
  }

  /** Whether every rule held. */
  public boolean passed() {
    return rules.stream().allMatch(RuleResult::passed);
  }

  /** The rules that failed. */
  public List<RuleResult> failures() {
    return rules.stream().filter(r -> !r.passed()).toList();
  }

  /**
   * One rule's result.
   *
   * @param rule the rule
   * @param passed whether it held
   * @param detail the numbers behind the verdict, in words
   * @param comparison the metric comparison it read, or {@code null} when the metric was missing
   */
  public record RuleResult(
      GateRule rule, boolean passed, String detail, RunComparison.@Nullable MetricComparison comparison) {}
}

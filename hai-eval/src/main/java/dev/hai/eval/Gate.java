package dev.hai.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A regression gate for CI: rules over a {@link RunComparison} that must all hold before a prompt
 * or model change ships. {@code hai-eval gate} exits non-zero when one fails.
 *
 * <pre>{@code
 * # gate.yaml
 * rules:
 *   - name: F1 must not drop by more than 0.02 with p < 0.05
 *     metric: set_f1
 *     max_drop: 0.02
 *     alpha: 0.05
 *   - name: no red-flag item may stop escalating
 *     metric: escalation
 *     tag: red_flag=true
 *     no_new_failures: true
 *   - name: triage accuracy at least 0.8
 *     metric: label_accuracy
 *     min: 0.8
 * }</pre>
 *
 * <p>Keys per rule: {@code name}, {@code metric}, optional {@code tag} ({@code key=value}),
 * exactly one of {@code max_drop} (with optional {@code alpha}), {@code min}, {@code
 * no_new_failures: true}, and optional {@code pass_at} (default 1.0). Unknown keys are errors.
 *
 * <p>Both runs must be complete: a rule over items that one run has and the other lacks (a run
 * that stopped early) fails, naming how many are missing, since the missing items could hide
 * exactly the regressions the rule is there to catch. Immutable and thread-safe.
 *
 * @param rules the rules, at least one
 */
public record Gate(List<GateRule> rules) {
  private static final Set<String> KEYS =
      Set.of("name", "metric", "tag", "max_drop", "alpha", "min", "no_new_failures", "pass_at");

  public Gate {
    rules = List.copyOf(rules);
    if (rules.isEmpty()) {
      throw new EvalException("a gate needs at least one rule");
    }
  }

  /** Reads a gate.yaml file. */
  public static Gate load(Path file) {
    try {
      return parse(file.getFileName().toString(), Files.readString(file));
    } catch (IOException e) {
      throw new EvalException("cannot read gate rules " + file + ": " + e.getMessage(), e);
    }
  }

  /** Parses gate rules from YAML text; {@code name} is used in error messages. */
  public static Gate parse(String name, String yaml) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    } catch (IOException e) {
      throw new EvalException(name + ": not valid YAML (" + e.getMessage().lines().findFirst().orElse("") + ")");
    }
    if (root == null || !root.path("rules").isArray()) {
      throw new EvalException(name + ": expected a top-level 'rules:' list");
    }
    List<GateRule> rules = new ArrayList<>();
    int i = 0;
    for (JsonNode r : root.get("rules")) {
      i++;
      String where = name + ": rule " + i;
      if (!r.isObject()) {
        throw new EvalException(where + ": must be a mapping");
      }
      for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (!KEYS.contains(key)) {
          throw new EvalException(where + ": unknown key '" + key + "' (allowed: " + new java.util.TreeSet<>(KEYS) + ")");
        }
      }
      try {
        rules.add(new GateRule(
            r.hasNonNull("name") ? r.get("name").asText() : "rule " + i,
            r.path("metric").asText(null),
            r.hasNonNull("tag") ? r.get("tag").asText() : null,
            number(where, r, "max_drop"),
            number(where, r, "alpha"),
            number(where, r, "min"),
            r.path("no_new_failures").asBoolean(false),
            r.hasNonNull("pass_at") ? number(where, r, "pass_at") : GateRule.DEFAULT_PASS_AT));
      } catch (EvalException e) {
        throw new EvalException(where + ": " + e.getMessage());
      }
    }
    return new Gate(rules);
  }

  private static Double number(String where, JsonNode r, String key) {
    JsonNode v = r.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber()) {
      throw new EvalException("'" + key + "' must be a number"); // the caller adds where
    }
    return v.asDouble();
  }

  /** Checks every rule against the comparison. */
  public GateResult evaluate(RunComparison comparison) {
    List<GateResult.RuleResult> results = new ArrayList<>();
    for (GateRule rule : rules) {
      results.add(check(rule, comparison));
    }
    return new GateResult(results);
  }

  private static GateResult.RuleResult check(GateRule rule, RunComparison c) {
    if (!c.metricNames().contains(rule.metric())) {
      return new GateResult.RuleResult(rule, false, "metric '" + rule.metric() + "' is not in both runs (they share "
          + c.metricNames() + ")", null);
    }
    RunComparison.MetricComparison m = c.metric(rule.metric(), rule.passAt(), rule.tag());
    // Items one run never finished would be left out of every check: an incomplete run cannot pass.
    int noCandidate = RunComparison.withoutPartner(c.baseline(), c.candidate(), rule.tag());
    int noBaseline = RunComparison.withoutPartner(c.candidate(), c.baseline(), rule.tag());
    if (noCandidate > 0 || noBaseline > 0) {
      List<String> missing = new ArrayList<>();
      if (noCandidate > 0) {
        missing.add(noCandidate + " baseline item(s) have no result in the candidate run");
      }
      if (noBaseline > 0) {
        missing.add(noBaseline + " candidate item(s) have no result in the baseline run");
      }
      return new GateResult.RuleResult(rule, false, "not checked: " + String.join(", ", missing)
          + (rule.tag() == null ? "" : " (tag " + rule.tag() + ")")
          + "; finish the incomplete run (rerun it with the same run file) and gate again", m);
    }
    if (m.difference().n() == 0) {
      return new GateResult.RuleResult(rule, false, "no paired items" + (rule.tag() == null ? "" : " with tag " + rule.tag()), m);
    }
    if (rule.maxDrop() != null) {
      double drop = m.baseline().mean() - m.candidate().mean();
      boolean tooLarge = drop > rule.maxDrop() + 1e-12;
      boolean significant = rule.alpha() == null || m.pValue() < rule.alpha();
      String detail = String.format(Locale.ROOT, "mean %.4f -> %.4f (change %+.4f, 95%% CI %+.4f..%+.4f), p = %.4g (%s)",
          m.baseline().mean(), m.candidate().mean(), m.difference().mean(), m.difference().lower(),
          m.difference().upper(), m.pValue(), m.pValueTest());
      return new GateResult.RuleResult(rule, !(tooLarge && significant), detail, m);
    }
    if (rule.min() != null) {
      boolean ok = m.candidate().mean() >= rule.min();
      String detail = String.format(Locale.ROOT, "candidate mean %.4f (95%% CI %.4f..%.4f), required >= %.4f",
          m.candidate().mean(), m.candidate().lower(), m.candidate().upper(), rule.min());
      return new GateResult.RuleResult(rule, ok, detail, m);
    }
    boolean ok = m.regressed().isEmpty();
    String detail = ok ? "no item went from pass to fail (" + m.improved().size() + " improved)"
        : m.regressed().size() + " item(s) went from pass to fail: " + String.join(", ", m.regressed());
    return new GateResult.RuleResult(rule, ok, detail, m);
  }
}

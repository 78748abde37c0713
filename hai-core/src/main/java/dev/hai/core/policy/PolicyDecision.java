package dev.hai.core.policy;

import dev.hai.core.internal.Checks;
import dev.hai.core.spi.PolicyException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A policy's answer for one call.
 *
 * <p>The policy's decision document (at {@code hai/authz/decision} by default) is
 *
 * <pre>{@code
 * {"allow": true,
 *  "reasons": ["..."],
 *  "obligations": {"redact_phi": false, "max_output_tokens": 1024, "allowed_models": ["..."],
 *                  "require_human_review": false, "audit_content": false}}
 * }</pre>
 *
 * <p>{@code allow} is required; {@code reasons} and {@code obligations} and each obligation are
 * optional. {@link #fromDocument} rejects anything else (a missing {@code allow}, a wrong type, an
 * unknown key) as malformed, and the call is then denied.
 *
 * @param allow whether the call may proceed
 * @param reasons why, in words shown to users (typically the reasons for a denial)
 * @param obligations what the pipeline must do if the call proceeds (ignored on a denial)
 * @param decisionId this decision's id, as written to the decision log and the audit record
 * @param bundleRevision the revision of the policy bundle that decided, when the engine knows it
 */
public record PolicyDecision(
    boolean allow,
    List<String> reasons,
    Obligations obligations,
    String decisionId,
    @Nullable String bundleRevision) {

  private static final Set<String> TOP_KEYS = Set.of("allow", "reasons", "obligations");
  private static final Set<String> OBLIGATION_KEYS = Set.of(
      "redact_phi", "max_output_tokens", "allowed_models", "require_human_review", "audit_content");

  public PolicyDecision {
    reasons = List.copyOf(Checks.required(reasons, "reasons"));
    Checks.required(obligations, "obligations");
    Checks.notBlank(decisionId, "decisionId");
  }

  public Optional<String> revision() {
    return Optional.ofNullable(bundleRevision);
  }

  /**
   * Reads a decision document as parsed from JSON (maps, lists, strings, numbers, booleans).
   *
   * @param document the policy's result; null when the rule was undefined
   * @throws PolicyException of kind {@link PolicyException.Kind#MALFORMED_DECISION} when the
   *     document is missing or is not a decision this version understands
   */
  public static PolicyDecision fromDocument(
      @Nullable Object document, String decisionId, @Nullable String bundleRevision) {
    if (document == null) {
      throw malformed("the policy returned no decision (is the decision rule defined for this input?)");
    }
    if (!(document instanceof Map<?, ?> map)) {
      throw malformed("the decision must be an object, was " + typeOf(document));
    }
    for (Object key : map.keySet()) {
      if (!TOP_KEYS.contains(key)) {
        throw malformed("the decision has an unknown key '" + key + "'; known: allow, reasons, obligations");
      }
    }
    if (!(map.get("allow") instanceof Boolean allow)) {
      throw malformed("the decision's 'allow' must be true or false, was " + typeOf(map.get("allow")));
    }
    List<String> reasons = strings(map.get("reasons"), "reasons");
    Obligations obligations = obligations(map.get("obligations"));
    return new PolicyDecision(allow, reasons == null ? List.of() : reasons, obligations, decisionId, bundleRevision);
  }

  private static Obligations obligations(@Nullable Object value) {
    if (value == null) {
      return Obligations.none();
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw malformed("'obligations' must be an object, was " + typeOf(value));
    }
    for (Object key : map.keySet()) {
      if (!OBLIGATION_KEYS.contains(key)) {
        // An obligation HAI cannot obey must not be silently dropped.
        throw malformed("unknown obligation '" + key + "'; known: "
            + String.join(", ", OBLIGATION_KEYS.stream().sorted().toList()));
      }
    }
    Integer maxTokens = null;
    Object max = map.get("max_output_tokens");
    if (max != null) {
      if (!(max instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
          || n.doubleValue() < 1 || n.doubleValue() > Integer.MAX_VALUE) {
        throw malformed("obligation 'max_output_tokens' must be a whole number of at least 1, was " + max);
      }
      maxTokens = n.intValue();
    }
    return new Obligations(
        flag(map.get("redact_phi"), "redact_phi"), maxTokens,
        strings(map.get("allowed_models"), "allowed_models"),
        flag(map.get("require_human_review"), "require_human_review"),
        flag(map.get("audit_content"), "audit_content"));
  }

  private static boolean flag(@Nullable Object value, String name) {
    if (value == null) {
      return false;
    }
    if (!(value instanceof Boolean b)) {
      throw malformed("obligation '" + name + "' must be true or false, was " + typeOf(value));
    }
    return b;
  }

  private static @Nullable List<String> strings(@Nullable Object value, String name) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof List<?> list)) {
      throw malformed("'" + name + "' must be a list of strings, was " + typeOf(value));
    }
    List<String> out = new ArrayList<>(list.size());
    for (Object o : list) {
      if (!(o instanceof String s)) {
        throw malformed("'" + name + "' must be a list of strings, has " + typeOf(o));
      }
      out.add(s);
    }
    return out;
  }

  private static String typeOf(@Nullable Object o) {
    if (o == null) {
      return "missing";
    }
    if (o instanceof Map) {
      return "an object";
    }
    if (o instanceof List) {
      return "a list";
    }
    return o instanceof String ? "a string" : o instanceof Boolean ? "a boolean" : o instanceof Number ? "a number" : o.getClass().getSimpleName();
  }

  private static PolicyException malformed(String message) {
    return new PolicyException(PolicyException.Kind.MALFORMED_DECISION, message);
  }
}

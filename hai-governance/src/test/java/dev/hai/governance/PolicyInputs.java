package dev.hai.governance;

import dev.hai.core.phi.PhiType;
import dev.hai.core.policy.PolicyInput;
import dev.hai.core.spi.Hosting;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Policy inputs for tests: named cases of the starter policy, and seeded random ones. */
final class PolicyInputs {
  static final PolicyInput.Model LOCAL = new PolicyInput.Model("gpu", "llama-3.1-8b", "llama.cpp", Hosting.LOCAL, false);
  static final PolicyInput.Model CLOUD_BAA =
      new PolicyInput.Model("anthropic", "claude-sonnet", "anthropic", Hosting.EXTERNAL, true);
  static final PolicyInput.Model CLOUD_NO_BAA = new PolicyInput.Model("openai", "gpt-4o", "openai", Hosting.EXTERNAL, false);
  static final Instant TIME = Instant.parse("2026-11-26T05:00:00Z");

  private PolicyInputs() {}

  static PolicyInput of(String role, String purpose, String promptId, List<PolicyInput.Model> models,
      Map<PhiType, Integer> phi, PolicyInput.BreakGlass breakGlass) {
    return new PolicyInput(new PolicyInput.Actor("u-1", role, Map.of()), purpose, "cardiology", null,
        promptId == null ? null : new PolicyInput.Prompt(promptId, "1.2.0", "ab12", List.of("prod"), null),
        models.get(0), models, new PolicyInput.Phi(phi), breakGlass, TIME);
  }

  /** An attending physician, treatment, the discharge summary, no PHI, a local model: allowed. */
  static PolicyInput attending() {
    return of("attending-physician", "TREATMENT", "discharge-summary", List.of(LOCAL), Map.of(),
        PolicyInput.BreakGlass.off());
  }

  /** The same from a resident: denied. */
  static PolicyInput resident() {
    return of("resident", "TREATMENT", "discharge-summary", List.of(LOCAL), Map.of(), PolicyInput.BreakGlass.off());
  }

  private static final String[] ROLES = {"attending-physician", "resident", "nurse", "pharmacist", "clerk"};
  private static final String[] PURPOSES = {"TREATMENT", "EMERGENCY_TREATMENT", "PAYMENT", "OPERATIONS",
      "QUALITY_IMPROVEMENT", "RESEARCH", "PUBLIC_HEALTH", "PATIENT_REQUEST", "SYSTEM_ADMINISTRATION"};
  private static final String[] PROMPTS = {"discharge-summary", "note-summary", "psych-note", "triage"};
  private static final String[] CLASSIFICATIONS = {"restricted", "internal", "public"};
  private static final PolicyInput.Model[] MODELS = {LOCAL, CLOUD_BAA, CLOUD_NO_BAA,
      new PolicyInput.Model("azure-eu", "gpt-4o", "azure-openai", Hosting.EXTERNAL, true),
      new PolicyInput.Model("vllm", "mistral-7b", "openai-compatible", Hosting.LOCAL, false)};
  private static final String[] JUSTIFICATIONS = {"", "   ", "urgent", "patient crashing, attending in theatre",
      "[NAME] unconscious in resus, no attending reachable for 20 minutes"};

  /** A random input covering every branch of the starter policy, reproducible from the seed. */
  static PolicyInput random(Random r) {
    List<PolicyInput.Model> models = new ArrayList<>();
    int n = 1 + r.nextInt(3);
    while (models.size() < n) {
      PolicyInput.Model m = MODELS[r.nextInt(MODELS.length)];
      if (!models.contains(m)) {
        models.add(m);
      }
    }
    Map<PhiType, Integer> phi = new EnumMap<>(PhiType.class);
    if (r.nextBoolean()) {
      for (int i = r.nextInt(4); i >= 0; i--) {
        phi.merge(PhiType.values()[r.nextInt(PhiType.values().length)], 1 + r.nextInt(3), Integer::sum);
      }
    }
    PolicyInput.BreakGlass bg = r.nextInt(4) == 0
        ? new PolicyInput.BreakGlass(true, r.nextInt(5) == 0 ? null : JUSTIFICATIONS[r.nextInt(JUSTIFICATIONS.length)])
        : PolicyInput.BreakGlass.off();
    PolicyInput.Prompt prompt = r.nextInt(5) == 0 ? null : new PolicyInput.Prompt(
        PROMPTS[r.nextInt(PROMPTS.length)], "1." + r.nextInt(3) + ".0", Integer.toHexString(r.nextInt()),
        r.nextBoolean() ? List.of("prod") : List.of(),
        r.nextInt(3) == 0 ? CLASSIFICATIONS[r.nextInt(CLASSIFICATIONS.length)] : null);
    PolicyInput.Patient patient = switch (r.nextInt(4)) {
      case 0 -> null;
      case 1 -> new PolicyInput.Patient("hmac-sha256:" + "ab".repeat(32), Map.of());
      case 2 -> new PolicyInput.Patient(null, Map.of("research", r.nextBoolean()));
      default -> new PolicyInput.Patient("hmac-sha256:" + "cd".repeat(32), Map.of("research", r.nextBoolean(),
          "marketing", false));
    };
    Map<String, String> attributes = r.nextBoolean() ? Map.of() : Map.of("department", "icu", "credential", "MD");
    return new PolicyInput(new PolicyInput.Actor("u-" + r.nextInt(1000), ROLES[r.nextInt(ROLES.length)], attributes),
        PURPOSES[r.nextInt(PURPOSES.length)], r.nextBoolean() ? "cardiology" : "oncology", patient, prompt,
        models.get(0), models, new PolicyInput.Phi(phi), bg, TIME.plusSeconds(r.nextInt(86_400)));
  }
}

package dev.hai.core.policy;

import dev.hai.core.internal.Checks;
import dev.hai.core.phi.PhiType;
import dev.hai.core.spi.Hosting;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What the policy sees about one call: the {@code input} document. It holds no PHI: the patient is
 * a keyed hash, and of the PHI found in the messages only the types and counts are given.
 *
 * <p>{@link #toDocument()} is the JSON form engines send; its JSON Schema ships in this jar as
 * {@value #SCHEMA_RESOURCE} and {@code docs/policy-authoring.md} explains it for policy authors.
 *
 * @param actor who calls
 * @param purposeOfUse why, as the {@code PurposeOfUse} name ({@code "TREATMENT"})
 * @param tenant the caller's tenant
 * @param patient the patient the call is about, when the request names one or gives consent flags
 * @param prompt the versioned prompt, or null for inline messages
 * @param model the backend and model the call goes to first
 * @param models every backend the call may go to, in fallback order ({@code model} first), then
 *     the own backends of the route arms (challenger, shadows) that the call's route may send it
 *     to, each with the model its arm asks
 * @param phi the PHI found in the messages
 * @param breakGlass the request's emergency-access claim
 * @param time when the policy was asked
 */
public record PolicyInput(
    Actor actor,
    String purposeOfUse,
    String tenant,
    @Nullable Patient patient,
    @Nullable Prompt prompt,
    Model model,
    List<Model> models,
    Phi phi,
    BreakGlass breakGlass,
    Instant time) {

  /** Class-path location of the input document's JSON Schema. */
  public static final String SCHEMA_RESOURCE = "dev/hai/core/policy/policy-input-v1.schema.json";

  public PolicyInput {
    Checks.required(actor, "actor");
    Checks.notBlank(purposeOfUse, "purposeOfUse");
    Checks.notBlank(tenant, "tenant");
    Checks.required(model, "model");
    models = List.copyOf(Checks.required(models, "models"));
    if (models.isEmpty() || !models.get(0).equals(model)) {
      throw new IllegalArgumentException("models must start with model");
    }
    Checks.required(phi, "phi");
    Checks.required(breakGlass, "breakGlass");
    Checks.required(time, "time");
  }

  /**
   * The caller.
   *
   * @param id the actor's stable id
   * @param role the actor's role
   * @param attributes further facts the application supplies (department, credentials, ...)
   */
  public record Actor(String id, String role, Map<String, String> attributes) {
    public Actor {
      Checks.notBlank(id, "actor.id");
      Checks.notBlank(role, "actor.role");
      attributes = Map.copyOf(attributes);
    }
  }

  /**
   * The patient, never in clear.
   *
   * @param ref {@code "hmac-sha256:<hex>"} under the client's audit patient key, or null when the
   *     request names no patient or the client has no key
   * @param consent consent flags the application supplies, for example {@code research: false}
   */
  public record Patient(@Nullable String ref, Map<String, Boolean> consent) {
    public Patient {
      consent = Map.copyOf(consent);
    }
  }

  /**
   * The versioned prompt.
   *
   * @param id its id
   * @param version its version
   * @param hash its content SHA-256 (hex)
   * @param labels labels it was selected by (for example {@code "prod"}), when known
   * @param dataClassification the data classification its author declared, when known
   */
  public record Prompt(
      String id, String version, String hash, List<String> labels, @Nullable String dataClassification) {
    public Prompt {
      Checks.notBlank(id, "prompt.id");
      Checks.notBlank(version, "prompt.version");
      Checks.notBlank(hash, "prompt.hash");
      labels = List.copyOf(labels);
    }
  }

  /**
   * A backend and the model it would be asked for.
   *
   * @param backend the backend's name in the client
   * @param id the model id
   * @param provider the API the backend speaks ({@code "anthropic"}, {@code "openai"}, ...)
   * @param hosting where the model runs
   * @param baa whether a business associate agreement covers this backend (client configuration)
   */
  public record Model(String backend, String id, String provider, Hosting hosting, boolean baa) {
    public Model {
      Checks.notBlank(backend, "model.backend");
      Checks.notBlank(id, "model.id");
      Checks.notBlank(provider, "model.provider");
      Checks.required(hosting, "model.hosting");
    }
  }

  /**
   * The PHI the client's redactor found in the messages about to be sent.
   *
   * @param counts how many identifiers of each type; types not found are absent
   */
  public record Phi(Map<PhiType, Integer> counts) {
    private static final Phi NONE = new Phi(Map.of());

    public Phi {
      counts = counts.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(counts));
    }

    public static Phi none() {
      return NONE;
    }

    public boolean detected() {
      return !counts.isEmpty();
    }

    public int total() {
      return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /**
   * An emergency-access claim.
   *
   * @param enabled whether the request claims break-glass
   * @param justification the requester's justification, PHI-redacted; null when none was given
   */
  public record BreakGlass(boolean enabled, @Nullable String justification) {
    private static final BreakGlass OFF = new BreakGlass(false, null);

    public static BreakGlass off() {
      return OFF;
    }
  }

  /**
   * The input as a JSON tree of maps, lists, strings, numbers and booleans, keys in snake_case:
   * what the policy reads as {@code input}. The order of keys is stable.
   */
  public Map<String, Object> toDocument() {
    Map<String, Object> doc = new LinkedHashMap<>();
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("id", actor.id());
    a.put("role", actor.role());
    a.put("attributes", new TreeMap<>(actor.attributes()));
    doc.put("actor", a);
    doc.put("purpose_of_use", purposeOfUse);
    doc.put("tenant", tenant);
    if (patient != null) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("ref", patient.ref());
      p.put("consent", new TreeMap<>(patient.consent()));
      doc.put("patient", p);
    } else {
      doc.put("patient", null);
    }
    if (prompt != null) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("id", prompt.id());
      p.put("version", prompt.version());
      p.put("hash", prompt.hash());
      p.put("labels", prompt.labels());
      p.put("data_classification", prompt.dataClassification());
      doc.put("prompt", p);
    } else {
      doc.put("prompt", null);
    }
    doc.put("model", model(model));
    List<Object> all = new ArrayList<>(models.size());
    for (Model m : models) {
      all.add(model(m));
    }
    doc.put("models", all);
    Map<String, Object> ph = new LinkedHashMap<>();
    ph.put("detected", phi.detected());
    ph.put("total", phi.total());
    Map<String, Object> types = new TreeMap<>();
    phi.counts().forEach((t, n) -> types.put(t.name(), n));
    ph.put("types", types);
    doc.put("phi", ph);
    Map<String, Object> bg = new LinkedHashMap<>();
    bg.put("enabled", breakGlass.enabled());
    bg.put("justification", breakGlass.justification());
    doc.put("break_glass", bg);
    doc.put("time", time.toString());
    return doc;
  }

  private static Map<String, Object> model(Model m) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("backend", m.backend());
    o.put("id", m.id());
    o.put("provider", m.provider());
    o.put("hosting", m.hosting().name().toLowerCase(Locale.ROOT));
    o.put("baa", m.baa());
    return o;
  }
}

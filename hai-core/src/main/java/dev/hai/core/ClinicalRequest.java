package dev.hai.core;

import dev.hai.core.internal.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One clinical call: what to ask, who asks and why, how to generate, and by when.
 *
 * <p>Build with {@link #builder()}. Every value is checked when it is set or at {@link
 * Builder#build()}; a bad value throws {@link InvalidRequestException} naming the field.
 *
 * <pre>{@code
 * ClinicalRequest request = ClinicalRequest.builder()
 *     .caller(Caller.of("u-4711", "attending-physician", "cardiology", PurposeOfUse.TREATMENT))
 *     .system("You summarise clinical notes for a physician.")
 *     .user("Summarise: ...")
 *     .maxTokens(256)
 *     .temperature(0.0)
 *     .timeout(Duration.ofSeconds(20))
 *     .build();
 * }</pre>
 *
 * @param prompt the messages, or a reference to a versioned prompt
 * @param caller who asks and why
 * @param parameters model and sampling parameters; unset fields fall back to the prompt's and then
 *     the backend's defaults
 * @param idempotencyKey a key the application uses to recognise a repeated submission; handed to
 *     backends in {@link dev.hai.core.spi.ModelCall#idempotencyKey()} (the built-in backends do not
 *     send it to their providers) and not written to the audit record
 * @param deadline the instant by which the call must have ended, retries included; {@code null}
 *     for "start of call + {@code timeout}"
 * @param timeout the call's time budget from its start, when no absolute {@code deadline} is set;
 *     {@code null} for the client's default
 * @param patientId the patient the call is about (for example a medical record number), or {@code
 *     null}. It is never sent to a model and never written in clear: the audit record holds only a
 *     keyed hash of it, and {@link #toString()} masks it.
 * @param breakGlass the justification of an emergency-access claim, or {@code null} when the call
 *     claims none. The policy sees the claim (with the justification PHI-redacted), and the audit
 *     record carries it, whatever the outcome (its {@code breakGlass} field, justification
 *     PHI-redacted). It may be empty: whether a claim without a justification is acceptable is the
 *     policy's decision.
 * @param policyFacts further facts for the policy (actor attributes, consent flags)
 * @param priority how urgent the call is clinically, for the scheduler in front of a local GPU
 *     backend; {@code null} when unset, which schedules it at the scheduler's default ({@link
 *     ClinicalPriority#DEFAULT} unless configured otherwise). Handed to backends in {@link
 *     dev.hai.core.spi.ModelCall#priority()}; cloud backends ignore it.
 */
public record ClinicalRequest(
    PromptSource prompt,
    Caller caller,
    GenerationParameters parameters,
    @Nullable String idempotencyKey,
    @Nullable Instant deadline,
    @Nullable Duration timeout,
    @Nullable String patientId,
    @Nullable String breakGlass,
    PolicyFacts policyFacts,
    @Nullable ClinicalPriority priority) {

  /** The longest idempotency key accepted. */
  public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;

  /** The longest patient id accepted. */
  public static final int MAX_PATIENT_ID_LENGTH = 128;

  /** The longest break-glass justification accepted. */
  public static final int MAX_BREAK_GLASS_LENGTH = 1000;

  public ClinicalRequest {
    Checks.required(prompt, "prompt");
    Checks.required(caller, "caller");
    Checks.required(parameters, "parameters");
    if (idempotencyKey != null
        && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH)) {
      throw new InvalidRequestException(
          "idempotencyKey", "must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " non-blank characters");
    }
    if (deadline != null && timeout != null) {
      throw new InvalidRequestException("deadline", "set either a deadline or a timeout, not both");
    }
    if (timeout != null) {
      Checks.positive(timeout, "timeout");
    }
    if (patientId != null) {
      checkPatientId(patientId);
    }
    if (breakGlass != null) {
      checkBreakGlass(breakGlass);
    }
    Checks.required(policyFacts, "policyFacts");
  }

  /** Whether the call claims emergency access (break-glass). */
  public boolean isBreakGlass() {
    return breakGlass != null;
  }

  /** A request with no priority set: the constructor of requests made before that field. */
  public ClinicalRequest(
      PromptSource prompt,
      Caller caller,
      GenerationParameters parameters,
      @Nullable String idempotencyKey,
      @Nullable Instant deadline,
      @Nullable Duration timeout,
      @Nullable String patientId,
      @Nullable String breakGlass,
      PolicyFacts policyFacts) {
    this(prompt, caller, parameters, idempotencyKey, deadline, timeout, patientId, breakGlass, policyFacts, null);
  }

  /**
   * A request about no particular patient, claiming no break-glass: the constructor of requests made
   * before those fields.
   */
  public ClinicalRequest(
      PromptSource prompt,
      Caller caller,
      GenerationParameters parameters,
      @Nullable String idempotencyKey,
      @Nullable Instant deadline,
      @Nullable Duration timeout) {
    this(prompt, caller, parameters, idempotencyKey, deadline, timeout, null, null, PolicyFacts.none(), null);
  }

  private static void checkPatientId(String patientId) {
    // The message never echoes the value: it is an identifier of a patient.
    if (patientId.isBlank() || patientId.length() > MAX_PATIENT_ID_LENGTH) {
      throw new InvalidRequestException(
          "patientId", "must be 1 to " + MAX_PATIENT_ID_LENGTH + " non-blank characters");
    }
    for (int i = 0; i < patientId.length(); i++) {
      if (Character.isISOControl(patientId.charAt(i))) {
        throw new InvalidRequestException("patientId", "must not contain control characters");
      }
    }
  }

  private static void checkBreakGlass(String justification) {
    // Never echoed: a justification may name the patient.
    if (justification.length() > MAX_BREAK_GLASS_LENGTH) {
      throw new InvalidRequestException(
          "breakGlass", "the justification must be at most " + MAX_BREAK_GLASS_LENGTH + " characters");
    }
  }

  /** Like the record's own, except that the patient id and the break-glass justification are masked. */
  @Override
  public String toString() {
    return "ClinicalRequest[prompt=" + prompt + ", caller=" + caller + ", parameters=" + parameters
        + ", idempotencyKey=" + idempotencyKey + ", deadline=" + deadline + ", timeout=" + timeout
        + ", patientId=" + (patientId == null ? "null" : "(set, not shown)")
        + ", breakGlass=" + (breakGlass == null ? "null" : "(claimed, justification not shown)")
        + ", policyFacts=" + (policyFacts.isEmpty() ? "none" : "(set, not shown)") + ", priority=" + priority + "]";
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this request's values, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.prompt = prompt;
    b.caller = caller;
    b.parameters = parameters.toBuilder();
    b.idempotencyKey = idempotencyKey;
    b.deadline = deadline;
    b.timeout = timeout;
    b.patientId = patientId;
    b.breakGlass = breakGlass;
    b.actorAttributes.putAll(policyFacts.actorAttributes());
    b.consent.putAll(policyFacts.consent());
    b.priority = priority;
    return b;
  }

  /** Builds a {@link ClinicalRequest}. */
  public static final class Builder {
    private @Nullable PromptSource prompt;
    private final List<ChatMessage> messages = new ArrayList<>();
    private @Nullable Caller caller;
    private GenerationParameters.Builder parameters = GenerationParameters.builder();
    private @Nullable String idempotencyKey;
    private @Nullable Instant deadline;
    private @Nullable Duration timeout;
    private @Nullable String patientId;
    private @Nullable String breakGlass;
    private final Map<String, String> actorAttributes = new java.util.TreeMap<>();
    private final Map<String, Boolean> consent = new java.util.TreeMap<>();
    private @Nullable ClinicalPriority priority;

    private Builder() {}

    /** Appends a system message. Mutually exclusive with {@link #prompt(String, String, Map)}. */
    public Builder system(String content) {
      return message(ChatMessage.system(content));
    }

    /** Appends a user message. */
    public Builder user(String content) {
      return message(ChatMessage.user(content));
    }

    /** Appends an assistant message (for few-shot examples or earlier turns). */
    public Builder assistant(String content) {
      return message(ChatMessage.assistant(content));
    }

    /** Appends a message. Mutually exclusive with {@link #prompt(PromptSource)}. */
    public Builder message(ChatMessage message) {
      messages.add(Checks.required(message, "prompt.messages"));
      return this;
    }

    /** Appends these messages, in order. */
    public Builder messages(List<ChatMessage> messages) {
      Checks.required(messages, "prompt.messages").forEach(this::message);
      return this;
    }

    /** Uses a versioned prompt from the registry instead of inline messages. */
    public Builder prompt(String promptId, String selector, Map<String, String> variables) {
      this.prompt = new PromptSource.Reference(promptId, selector, variables);
      return this;
    }

    /** Sets the prompt: inline messages or a reference to a versioned prompt. */
    public Builder prompt(PromptSource prompt) {
      this.prompt = Checks.required(prompt, "prompt");
      return this;
    }

    /** Who asks and why. Required. */
    public Builder caller(Caller caller) {
      this.caller = Checks.required(caller, "caller");
      return this;
    }

    /** The model id at the backend. Default: the prompt's model, else the backend's default model. */
    public Builder model(String model) {
      parameters.model(Checks.notBlank(model, "parameters.model"));
      return this;
    }

    /** Sampling temperature, 0 to 2; checked at once. Default: the prompt's, else the backend's. */
    public Builder temperature(double temperature) {
      parameters.temperature(temperature);
      parameters.build(); // validates at once
      return this;
    }

    /** Nucleus sampling cut-off, above 0 and at most 1; checked at once. */
    public Builder topP(double topP) {
      parameters.topP(topP);
      parameters.build();
      return this;
    }

    /** The most output tokens, at least 1; checked at once. A policy obligation may cap it lower. */
    public Builder maxTokens(int maxTokens) {
      parameters.maxTokens(maxTokens);
      parameters.build();
      return this;
    }

    /** A sampling seed, for backends that honour one. */
    public Builder seed(long seed) {
      parameters.seed(seed);
      return this;
    }

    /** Stop sequences; checked at once. */
    public Builder stop(String... stop) {
      parameters.stop(List.of(stop));
      parameters.build();
      return this;
    }

    /** Replaces every generation parameter set so far. */
    public Builder parameters(GenerationParameters parameters) {
      this.parameters = Checks.required(parameters, "parameters").toBuilder();
      return this;
    }

    /** See the record's {@code idempotencyKey}; checked at {@link #build()}. Default: none. */
    public Builder idempotencyKey(String idempotencyKey) {
      this.idempotencyKey = idempotencyKey;
      return this;
    }

    /** An absolute deadline for the whole call, retries and fallbacks included. */
    public Builder deadline(Instant deadline) {
      this.deadline = Checks.required(deadline, "deadline");
      return this;
    }

    /** A time budget for the whole call from its start. Default: the client's default timeout. */
    public Builder timeout(Duration timeout) {
      this.timeout = Checks.positive(timeout, "timeout");
      return this;
    }

    /**
     * The patient the call is about, for the audit trail. Optional; default none. The audit record
     * holds only a keyed hash of it (see {@code ClinicalModelClient.Builder.auditPatientKey}).
     */
    public Builder patientId(String patientId) {
      checkPatientId(Checks.required(patientId, "patientId"));
      this.patientId = patientId;
      return this;
    }

    /**
     * Claims emergency access (break-glass) for this call, with a justification in words. The
     * policy decides what a claim allows; the starter policy wants a justification of at least 20
     * characters and flags the answer for human review. The claim and the PHI-redacted
     * justification are written to the audit record and appear on the compliance report. Default:
     * no claim.
     */
    public Builder breakGlass(String justification) {
      checkBreakGlass(Checks.required(justification, "breakGlass"));
      this.breakGlass = justification;
      return this;
    }

    /** An attribute of the actor for the policy ({@code input.actor.attributes}). Default: none. */
    public Builder actorAttribute(String name, String value) {
      actorAttributes.put(Checks.notBlank(name, "actorAttribute.name"), Checks.required(value, "actorAttribute.value"));
      return this;
    }

    /** A consent flag of the patient for the policy ({@code input.patient.consent}). Default: none. */
    public Builder consent(String flag, boolean granted) {
      consent.put(Checks.notBlank(flag, "consent.flag"), granted);
      return this;
    }

    /**
     * How urgent the call is clinically, for example {@link ClinicalPriority#EMERGENCY}: a GPU
     * scheduler serves higher levels first. Default: unset, scheduled at the scheduler's default
     * ({@link ClinicalPriority#DEFAULT}, documentation, unless the scheduler is configured
     * otherwise).
     */
    public Builder priority(ClinicalPriority priority) {
      this.priority = Checks.required(priority, "priority");
      return this;
    }

    public ClinicalRequest build() {
      PromptSource source = prompt;
      if (source != null && !messages.isEmpty()) {
        throw new InvalidRequestException(
            "prompt", "give either inline messages or a prompt reference, not both");
      }
      if (source == null) {
        if (messages.isEmpty()) {
          throw new InvalidRequestException("prompt", "is required: add messages or a prompt reference");
        }
        source = new PromptSource.Inline(messages);
      }
      return new ClinicalRequest(
          source, Checks.required(caller, "caller"), parameters.build(), idempotencyKey, deadline, timeout,
          patientId, breakGlass, new PolicyFacts(actorAttributes, consent), priority);
    }
  }
}

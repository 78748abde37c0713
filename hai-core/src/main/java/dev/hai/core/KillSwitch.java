package dev.hai.core;

import dev.hai.core.internal.Checks;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A switch that disables calls: what it disables, who flipped it, why and since when. A call that
 * meets a switch ends at once with {@link ClinicalResult.Disabled}, before any model is called.
 *
 * <pre>{@code
 * KillSwitch.Target.model("gpt-4o")                        // every call that would use this model
 * KillSwitch.Target.promptVersion("discharge-summary", "1.3.0")
 * KillSwitch.Target.parse("tenant:oncology")               // the form files and the CLI use
 * }</pre>
 *
 * @param target what is disabled
 * @param by who flipped it (an operator's id, not a name)
 * @param why the reason, in words, at most {@value #MAX_WHY_LENGTH} characters
 * @param since when it was flipped
 */
public record KillSwitch(Target target, String by, String why, Instant since) {

  /** The longest {@code why} accepted. */
  public static final int MAX_WHY_LENGTH = 500;

  public KillSwitch {
    Checks.required(target, "killSwitch.target");
    Target.checkName(by, "killSwitch.by");
    Checks.notBlank(why, "killSwitch.why");
    if (why.length() > MAX_WHY_LENGTH) {
      throw new InvalidRequestException("killSwitch.why", "must be at most " + MAX_WHY_LENGTH + " characters");
    }
    Checks.required(since, "killSwitch.since");
  }

  /** What a switch applies to. */
  public enum Scope {
    /** Every call of every client that reads the switches. */
    ALL,
    /** Calls of one tenant ({@link Caller#tenant()}). */
    TENANT,
    /** Calls of one versioned prompt, or of one of its versions. */
    PROMPT,
    /** Calls that would be sent to one model (as the request, the prompt or a backend names it). */
    MODEL
  }

  /**
   * What a switch disables. Written {@code all}, {@code tenant:<name>}, {@code prompt:<id>}, {@code
   * prompt:<id>@<version>} or {@code model:<name>}; see {@link #parse} and {@link #toString()}.
   *
   * @param scope the kind of thing
   * @param name the tenant, prompt id or model; null for {@link Scope#ALL}
   * @param version a prompt version; only with {@link Scope#PROMPT}, null for every version
   */
  public record Target(Scope scope, @Nullable String name, @Nullable String version) {
    /** The longest name or version accepted. */
    public static final int MAX_NAME_LENGTH = 200;

    public Target {
      Checks.required(scope, "target.scope");
      if (scope == Scope.ALL) {
        if (name != null || version != null) {
          throw new InvalidRequestException("target", "'all' takes no name or version");
        }
      } else {
        checkName(name, "target.name");
      }
      if (version != null) {
        if (scope != Scope.PROMPT) {
          throw new InvalidRequestException("target.version", "only a prompt target has a version");
        }
        checkName(version, "target.version");
        if (version.contains("@")) {
          throw new InvalidRequestException("target.version", "must not contain '@'");
        }
      }
    }

    /** Every call. */
    public static Target all() {
      return new Target(Scope.ALL, null, null);
    }

    /** The calls of one tenant. */
    public static Target tenant(String tenant) {
      return new Target(Scope.TENANT, tenant, null);
    }

    /** The calls of every version of one prompt. */
    public static Target prompt(String promptId) {
      return new Target(Scope.PROMPT, promptId, null);
    }

    /** The calls of one version of one prompt. */
    public static Target promptVersion(String promptId, String version) {
      return new Target(Scope.PROMPT, promptId, Checks.required(version, "target.version"));
    }

    /** The calls that would be sent to one model. */
    public static Target model(String model) {
      return new Target(Scope.MODEL, model, null);
    }

    /**
     * Reads the written form: {@code all}, {@code tenant:<name>}, {@code prompt:<id>}, {@code
     * prompt:<id>@<version>}, {@code model:<name>}.
     *
     * @throws InvalidRequestException naming {@code target} and the accepted forms
     */
    public static Target parse(String text) {
      Checks.notBlank(text, "target");
      String t = text.strip();
      if (t.equalsIgnoreCase("all")) {
        return all();
      }
      int colon = t.indexOf(':');
      if (colon <= 0 || colon == t.length() - 1) {
        throw new InvalidRequestException("target",
            "'" + shown(t) + "' is not a target; write all, tenant:<name>, prompt:<id>, prompt:<id>@<version> or model:<name>");
      }
      String kind = t.substring(0, colon).toLowerCase(Locale.ROOT);
      String rest = t.substring(colon + 1);
      switch (kind) {
        case "tenant":
          return tenant(rest);
        case "model":
          return model(rest);
        case "prompt":
          int at = rest.lastIndexOf('@');
          return at < 0 ? prompt(rest) : promptVersion(rest.substring(0, at), rest.substring(at + 1));
        default:
          throw new InvalidRequestException("target",
              "unknown kind '" + shown(kind) + "'; write all, tenant:<name>, prompt:<id>, prompt:<id>@<version> or model:<name>");
      }
    }

    /** The written form that {@link #parse} reads. */
    @Override
    public String toString() {
      if (scope == Scope.ALL) {
        return "all";
      }
      return scope.name().toLowerCase(Locale.ROOT) + ":" + name + (version == null ? "" : "@" + version);
    }

    static void checkName(@Nullable String value, String field) {
      Checks.notBlank(value, field);
      if (value.length() > MAX_NAME_LENGTH) {
        throw new InvalidRequestException(field, "must be at most " + MAX_NAME_LENGTH + " characters");
      }
      if (!value.equals(value.strip())) {
        throw new InvalidRequestException(field, "must not start or end with white space");
      }
      for (int i = 0; i < value.length(); i++) {
        if (Character.isISOControl(value.charAt(i))) {
          throw new InvalidRequestException(field, "must not contain control characters");
        }
      }
    }

    private static String shown(String s) {
      return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
  }
}

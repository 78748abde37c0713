package dev.hai.prompts;

import dev.hai.core.ChatMessage;
import dev.hai.core.GenerationParameters;
import dev.hai.core.spi.PromptResolver.PromptResolutionException;
import dev.hai.prompts.internal.CanonicalJson;
import dev.hai.prompts.internal.Placeholders;
import dev.hai.prompts.internal.PromptParser;
import dev.hai.prompts.internal.Text;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * One version of a prompt, as one prompt file describes it: its messages with {@code {{variable}}}
 * placeholders, the declared variables, model defaults, approval and its content hash.
 *
 * <pre>{@code
 * PromptTemplate t = PromptTemplate.load(Path.of("prompts/discharge-summary/1.2.0.yaml"));
 * List<ChatMessage> messages = t.render(Map.of("note", note, "audience", "GP"));
 * String hash = t.sha256();
 * }</pre>
 *
 * <p>Rendering is strict: every required variable must be supplied, no undeclared one may be, and
 * no value may be longer than its declared maximum; otherwise {@link #render} throws a {@link
 * PromptResolutionException} naming the variables (never their values). Values are inserted as
 * data: a value holding {@code {{x}}} is sent as those characters.
 *
 * <p>The hash is SHA-256 over a canonical form of the prompt's content (docs/prompts.md): the same
 * for any key order, formatting, or line endings of the file; different when any field changes.
 *
 * <p>Immutable and thread-safe.
 */
public final class PromptTemplate {

  /**
   * Who approved this version for use, and when.
   *
   * @param by the approver, for example {@code "dr.jones"}
   * @param at when, as an ISO-8601 date or instant ({@code 2026-02-01} or {@code 2026-02-01T09:00:00Z})
   */
  public record Approval(String by, String at) {
    public Approval {
      Objects.requireNonNull(by, "by");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * One message of the template.
   *
   * @param role who speaks
   * @param content the text with its placeholders, normalised (docs/prompts.md): {@code {{ name }}}
   *     is kept as {@code {{name}}}
   */
  public record MessageTemplate(ChatMessage.Role role, String content) {
    public MessageTemplate {
      Objects.requireNonNull(role, "role");
      content = Placeholders.tidy(Text.normalise(Objects.requireNonNull(content, "content")));
    }
  }

  /**
   * A declared input variable.
   *
   * @param name the placeholder name
   * @param required whether a call must supply it; an optional variable that is not supplied renders
   *     as empty text
   * @param maxLength the longest value accepted, in characters (UTF-16 code units)
   * @param description what the value is, for authors and reviewers
   */
  public record Variable(String name, boolean required, int maxLength, String description) {
    public Variable {
      Objects.requireNonNull(name, "name");
      if (!Placeholders.isName(name)) {
        throw new IllegalArgumentException("variable name '" + name + "' must be letters, digits and"
            + " underscores, starting with a letter or underscore, at most 64 characters");
      }
      if (maxLength < 1) {
        throw new IllegalArgumentException("variable '" + name + "': maxLength must be at least 1");
      }
      description = Text.normalise(Objects.requireNonNull(description, "description"));
    }
  }

  private final String id;
  private final SemVer version;
  private final String description;
  private final String owner;
  private final @Nullable Approval approval;
  private final GenerationParameters defaults;
  private final List<MessageTemplate> messages;
  private final Map<String, Variable> variables;
  private final @Nullable String outputSchema;
  private final String changelog;
  private final String source;
  private final String sha256;
  private final Placeholders[] compiled;

  /**
   * A template built in code; files are read with {@link #parse} or {@link #load}. Every placeholder
   * must be declared and every declared variable used.
   *
   * @param outputSchema a JSON Schema for the answer, as canonical JSON, or {@code null}
   * @param source where the template came from, for messages (a file name)
   * @throws IllegalArgumentException naming what is wrong
   */
  public PromptTemplate(String id, SemVer version, String description, String owner,
      @Nullable Approval approval, GenerationParameters defaults, List<MessageTemplate> messages,
      List<Variable> variables, @Nullable String outputSchema, String changelog, String source) {
    this.id = checkId(Objects.requireNonNull(id, "id"));
    this.version = Objects.requireNonNull(version, "version");
    this.description = Text.normalise(Objects.requireNonNull(description, "description"));
    this.owner = Text.normalise(Objects.requireNonNull(owner, "owner"));
    this.approval = approval;
    this.defaults = Objects.requireNonNull(defaults, "defaults");
    this.messages = List.copyOf(messages);
    this.outputSchema = outputSchema;
    this.changelog = Text.normalise(Objects.requireNonNull(changelog, "changelog"));
    this.source = Objects.requireNonNull(source, "source");
    if (this.messages.isEmpty()) {
      throw new IllegalArgumentException("a prompt needs at least one message");
    }
    if (this.messages.stream().noneMatch(m -> m.role() == ChatMessage.Role.USER)) {
      throw new IllegalArgumentException("a prompt needs at least one user message");
    }
    Map<String, Variable> vars = new LinkedHashMap<>();
    for (Variable v : variables) {
      if (vars.put(v.name(), v) != null) {
        throw new IllegalArgumentException("variable '" + v.name() + "' is declared twice");
      }
    }
    this.variables = java.util.Collections.unmodifiableMap(vars);
    this.compiled = new Placeholders[this.messages.size()];
    TreeSet<String> used = new TreeSet<>();
    for (int i = 0; i < compiled.length; i++) {
      try {
        compiled[i] = Placeholders.compile(this.messages.get(i).content());
      } catch (Placeholders.MalformedException e) {
        throw new IllegalArgumentException("message " + (i + 1) + ": " + e.getMessage(), e);
      }
      for (String name : compiled[i].names()) {
        if (!vars.containsKey(name)) {
          throw new IllegalArgumentException("message " + (i + 1) + ": placeholder {{" + name
              + "}} is not declared under 'variables'");
        }
        used.add(name);
      }
    }
    TreeSet<String> unused = new TreeSet<>(vars.keySet());
    unused.removeAll(used);
    if (!unused.isEmpty()) {
      throw new IllegalArgumentException("declared variables " + unused + " are used by no message");
    }
    this.sha256 = sha256Hex(canonicalForm());
  }

  /**
   * Parses a prompt file's content: JSON when {@code fileName} ends in {@code .json}, YAML otherwise.
   *
   * @throws PromptLoadException naming the file and line of every problem
   */
  public static PromptTemplate parse(String fileName, String content) {
    return PromptParser.parse(fileName, content);
  }

  /**
   * Reads and parses a prompt file.
   *
   * @throws PromptLoadException naming the file and line of every problem
   * @throws UncheckedIOException if the file cannot be read
   */
  public static PromptTemplate load(Path file) {
    try {
      return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read prompt file " + file, e);
    }
  }

  /**
   * Renders the messages with {@code values}.
   *
   * @throws PromptResolutionException naming missing required, undeclared and too-long variables
   */
  public List<ChatMessage> render(Map<String, String> values) {
    Objects.requireNonNull(values, "values");
    check(values);
    List<ChatMessage> out = new ArrayList<>(compiled.length);
    for (int i = 0; i < compiled.length; i++) {
      Placeholders p = compiled[i];
      String[] lits = p.literals();
      String[] names = p.names();
      int size = 0;
      for (String l : lits) {
        size += l.length();
      }
      for (String n : names) {
        String v = values.get(n);
        size += v == null ? 0 : v.length();
      }
      StringBuilder sb = new StringBuilder(size);
      sb.append(lits[0]);
      for (int j = 0; j < names.length; j++) {
        String v = values.get(names[j]);
        if (v != null) {
          sb.append(v);
        }
        sb.append(lits[j + 1]);
      }
      ChatMessage.Role role = messages.get(i).role();
      String text = sb.toString();
      if (role != ChatMessage.Role.ASSISTANT && text.isBlank()) {
        throw new PromptResolutionException("prompt.variables", "prompt " + id + " " + version + ": message "
            + (i + 1) + " (" + role.name().toLowerCase(java.util.Locale.ROOT) + ") renders blank; supply"
            + " its optional variables " + new TreeSet<>(List.of(names)));
      }
      out.add(new ChatMessage(role, text));
    }
    return out;
  }

  private void check(Map<String, String> values) {
    TreeSet<String> missing = null;
    TreeSet<String> extra = null;
    TreeSet<String> tooLong = null;
    for (Map.Entry<String, String> e : values.entrySet()) {
      Variable v = variables.get(e.getKey());
      if (v == null) {
        (extra == null ? extra = new TreeSet<>() : extra).add(e.getKey());
      } else if (Objects.requireNonNull(e.getValue(), "value of " + e.getKey()).length() > v.maxLength()) {
        (tooLong == null ? tooLong = new TreeSet<>() : tooLong).add(e.getKey() + " (max " + v.maxLength() + ")");
      }
    }
    if (values.size() - (extra == null ? 0 : extra.size()) < variables.size()) {
      for (Variable v : variables.values()) {
        if (v.required() && !values.containsKey(v.name())) {
          (missing == null ? missing = new TreeSet<>() : missing).add(v.name());
        }
      }
    }
    if (missing == null && extra == null && tooLong == null) {
      return;
    }
    List<String> parts = new ArrayList<>(3);
    String only = null;
    int count = 0;
    if (missing != null) {
      parts.add("missing required variables " + missing);
      count += missing.size();
      only = missing.first();
    }
    if (extra != null) {
      parts.add("undeclared variables " + extra + " (declared: " + variables.keySet() + ")");
      count += extra.size();
      only = extra.first();
    }
    if (tooLong != null) {
      parts.add("values too long for " + tooLong);
      count += tooLong.size();
      only = tooLong.first().substring(0, tooLong.first().indexOf(' '));
    }
    String field = count == 1 ? "prompt.variables." + only : "prompt.variables";
    throw new PromptResolutionException(field, "prompt " + id + " " + version + ": " + String.join("; ", parts));
  }

  /**
   * The canonical JSON the hash is taken over (docs/prompts.md, "Content hash"): every field of the
   * file, strings normalised, keys sorted, absent optional fields omitted.
   */
  public String canonicalForm() {
    Map<String, Object> m = new TreeMap<>();
    m.put("id", id);
    m.put("version", version.toString());
    m.put("description", description);
    m.put("owner", owner);
    if (approval != null) {
      m.put("approval", Map.of("by", approval.by(), "at", approval.at()));
    }
    Map<String, Object> d = new TreeMap<>();
    if (defaults.model() != null) {
      d.put("model", defaults.model());
    }
    if (defaults.temperature() != null) {
      d.put("temperature", defaults.temperature());
    }
    if (defaults.topP() != null) {
      d.put("topP", defaults.topP());
    }
    if (defaults.maxTokens() != null) {
      d.put("maxTokens", defaults.maxTokens());
    }
    if (defaults.seed() != null) {
      d.put("seed", defaults.seed());
    }
    if (!defaults.stop().isEmpty()) {
      d.put("stop", defaults.stop());
    }
    m.put("defaults", d);
    List<Object> msgs = new ArrayList<>();
    for (MessageTemplate t : messages) {
      msgs.add(Map.of("role", t.role().name().toLowerCase(java.util.Locale.ROOT), "content", t.content()));
    }
    m.put("messages", msgs);
    Map<String, Object> vars = new TreeMap<>();
    for (Variable v : variables.values()) {
      vars.put(v.name(), Map.of("required", v.required(), "maxLength", v.maxLength(), "description", v.description()));
    }
    m.put("variables", vars);
    if (outputSchema != null) {
      m.put("outputSchema", new CanonicalJson.Raw(outputSchema));
    }
    m.put("changelog", changelog);
    return CanonicalJson.write(m);
  }

  private static String sha256Hex(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static String checkId(String id) {
    if (!PromptParser.isId(id)) {
      throw new IllegalArgumentException("prompt id '" + id + "' must be 1 to 128 lowercase letters, digits,"
          + " '.', '_' or '-', starting with a letter or digit");
    }
    return id;
  }

  public String id() {
    return id;
  }

  public SemVer version() {
    return version;
  }

  public String description() {
    return description;
  }

  public String owner() {
    return owner;
  }

  public Optional<Approval> approval() {
    return Optional.ofNullable(approval);
  }

  /** The model defaults; a request's own parameters win over them. */
  public GenerationParameters defaults() {
    return defaults;
  }

  public List<MessageTemplate> messages() {
    return messages;
  }

  /** The declared variables, in file order. */
  public List<Variable> variables() {
    return List.copyOf(variables.values());
  }

  /** The JSON Schema the answer must satisfy, as canonical JSON. */
  public Optional<String> outputSchema() {
    return Optional.ofNullable(outputSchema);
  }

  public String changelog() {
    return changelog;
  }

  /** The file this version came from, relative to its registry's root when loaded by a registry. */
  public String source() {
    return source;
  }

  /** Lowercase hex SHA-256 of {@link #canonicalForm()}. */
  public String sha256() {
    return sha256;
  }

  @Override
  public String toString() {
    return "PromptTemplate[" + id + " " + version + " sha256:" + sha256.substring(0, 12) + "… from " + source + "]";
  }
}

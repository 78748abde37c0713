package dev.hai.prompts.internal;

import dev.hai.core.ChatMessage;
import dev.hai.core.GenerationParameters;
import dev.hai.prompts.PromptLoadException;
import dev.hai.prompts.PromptLoadException.Problem;
import dev.hai.prompts.PromptTemplate;
import dev.hai.prompts.SemVer;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads one prompt file into a {@link PromptTemplate}, strictly: unknown keys, wrong types, a bad
 * version, undeclared or unused variables are errors naming file and line. It collects every
 * problem of the file before it throws.
 */
public final class PromptParser {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");
  private static final Set<String> TOP = Set.of("id", "version", "description", "owner", "approval",
      "defaults", "messages", "variables", "outputSchema", "changelog");
  private static final Set<String> APPROVAL = Set.of("by", "at");
  private static final Set<String> DEFAULTS = Set.of("model", "temperature", "topP", "maxTokens", "seed", "stop");
  private static final Set<String> MESSAGE = Set.of("role", "content");
  private static final Set<String> VARIABLE = Set.of("required", "maxLength", "description");

  private final String file;
  private final List<Problem> problems = new ArrayList<>();

  private PromptParser(String file) {
    this.file = file;
  }

  /** Whether {@code s} is a valid prompt id. */
  public static boolean isId(String s) {
    return ID.matcher(s).matches();
  }

  /**
   * Parses a prompt file.
   *
   * @param file the file name errors show; {@code .json} selects JSON, anything else YAML
   * @throws PromptLoadException listing every problem with its line
   */
  public static PromptTemplate parse(String file, String content) {
    return new PromptParser(file).parse(TreeReader.read(file, content));
  }

  private PromptTemplate parse(Node root) {
    if (!(root instanceof Node.Obj top)) {
      throw PromptLoadException.at(file, root.line(), "a prompt file must be a mapping of keys, found " + root.kind());
    }
    unknownKeys(top, TOP, "a prompt file");
    String id = requiredText(top, "id");
    if (id != null && !isId(id)) {
      problem(top.keyLine("id"), "id '" + id + "' must be 1 to 128 lowercase letters, digits, '.', '_' or '-'");
      id = null;
    }
    String versionText = requiredText(top, "version");
    SemVer version = null;
    if (versionText != null) {
      version = SemVer.tryParse(versionText);
      if (version == null) {
        problem(top.keyLine("version"), "version '" + versionText + "' is not a semantic version: write"
            + " MAJOR.MINOR.PATCH such as 1.2.0 (no leading zeros, no 'v', no +build)");
      }
    } else if (top.get("version") instanceof Node.Num n) {
      problem(n.line(), "version must be quoted text such as \"1.2.0\"");
    }
    String description = optionalText(top, "description", "");
    String owner = requiredText(top, "owner");
    String changelog = requiredText(top, "changelog");
    PromptTemplate.Approval approval = approval(top.get("approval"));
    GenerationParameters defaults = defaults(top.get("defaults"));
    List<PromptTemplate.Variable> variables = variables(top.get("variables"));
    List<PromptTemplate.MessageTemplate> messages = messages(top, variables);
    String schema = null;
    Node s = top.get("outputSchema");
    if (s != null && !(s instanceof Node.Null)) {
      if (s instanceof Node.Obj) {
        schema = CanonicalJson.write(lineEndings(CanonicalJson.toTree(s)));
      } else {
        problem(s.line(), "outputSchema must be a JSON Schema object, found " + s.kind());
      }
    }
    if (!problems.isEmpty()) {
      throw new PromptLoadException(problems);
    }
    try {
      return new PromptTemplate(id, version, description, owner, approval, defaults, messages, variables,
          schema, changelog, file);
    } catch (IllegalArgumentException e) {
      throw PromptLoadException.at(file, 1, e.getMessage());
    }
  }

  @SuppressWarnings("unchecked")
  private static Object lineEndings(Object tree) {
    if (tree instanceof String str) {
      return Text.lineEndings(str);
    } else if (tree instanceof List<?> list) {
      return list.stream().map(PromptParser::lineEndings).toList();
    } else if (tree instanceof Map<?, ?> map) {
      Map<String, Object> out = new java.util.TreeMap<>();
      ((Map<String, Object>) map).forEach((k, v) -> out.put(k, lineEndings(v)));
      return out;
    }
    return tree;
  }

  private PromptTemplate.@Nullable Approval approval(@Nullable Node n) {
    if (n == null || n instanceof Node.Null) {
      return null;
    }
    if (!(n instanceof Node.Obj o)) {
      problem(n.line(), "approval must be a mapping with 'by' and 'at', found " + n.kind());
      return null;
    }
    unknownKeys(o, APPROVAL, "approval");
    String by = requiredText(o, "by");
    String at = requiredText(o, "at");
    if (at != null && !isDate(at)) {
      problem(o.keyLine("at"), "approval.at '" + at + "' must be an ISO-8601 date (2026-02-01) or instant"
          + " (2026-02-01T09:00:00Z)");
    }
    return by == null || at == null ? null : new PromptTemplate.Approval(by, at);
  }

  private static boolean isDate(String s) {
    try {
      LocalDate.parse(s);
      return true;
    } catch (DateTimeParseException e) {
      // try the other forms
    }
    try {
      Instant.parse(s);
      return true;
    } catch (DateTimeParseException e) {
      // try the last form
    }
    try {
      OffsetDateTime.parse(s);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private GenerationParameters defaults(@Nullable Node n) {
    GenerationParameters.Builder b = GenerationParameters.builder();
    if (n == null || n instanceof Node.Null) {
      return b.build();
    }
    if (!(n instanceof Node.Obj o)) {
      problem(n.line(), "defaults must be a mapping, found " + n.kind());
      return b.build();
    }
    unknownKeys(o, DEFAULTS, "defaults");
    String model = optionalText(o, "model", null);
    BigDecimal temperature = number(o, "temperature", BigDecimal.ZERO, BigDecimal.valueOf(2), false);
    BigDecimal topP = number(o, "topP", BigDecimal.ZERO, BigDecimal.ONE, false);
    BigDecimal maxTokens = number(o, "maxTokens", BigDecimal.ONE, BigDecimal.valueOf(Integer.MAX_VALUE), true);
    BigDecimal seed = number(o, "seed", BigDecimal.valueOf(Long.MIN_VALUE), BigDecimal.valueOf(Long.MAX_VALUE), true);
    List<String> stop = new ArrayList<>();
    Node st = o.get("stop");
    if (st instanceof Node.Seq seq) {
      for (Node item : seq.items()) {
        if (item instanceof Node.Text t && !t.value().isEmpty()) {
          stop.add(t.value());
        } else {
          problem(item.line(), "defaults.stop entries must be non-empty text");
        }
      }
    } else if (st != null && !(st instanceof Node.Null)) {
      problem(st.line(), "defaults.stop must be a list of text, found " + st.kind());
    }
    try {
      return b.model(model)
          .temperature(temperature == null ? null : temperature.doubleValue())
          .topP(topP == null || topP.signum() == 0 ? null : topP.doubleValue())
          .maxTokens(maxTokens == null ? null : maxTokens.intValueExact())
          .seed(seed == null ? null : seed.longValueExact())
          .stop(stop)
          .build();
    } catch (RuntimeException e) {
      problem(o.line(), "defaults: " + e.getMessage());
      return GenerationParameters.none();
    }
  }

  private @Nullable BigDecimal number(Node.Obj o, String key, BigDecimal min, BigDecimal max, boolean integer) {
    Node n = o.get(key);
    if (n == null || n instanceof Node.Null) {
      return null;
    }
    if (!(n instanceof Node.Num num)) {
      problem(n.line(), key + " must be a number, found " + n.kind());
      return null;
    }
    BigDecimal v = num.value();
    if (integer && v.stripTrailingZeros().scale() > 0) {
      problem(n.line(), key + " must be a whole number, was " + v.toPlainString());
      return null;
    }
    if (v.compareTo(min) < 0 || v.compareTo(max) > 0 || (key.equals("topP") && v.signum() == 0)) {
      problem(n.line(), key + " must be between " + min.toPlainString() + " and " + max.toPlainString()
          + (key.equals("topP") ? " (exclusive of 0)" : "") + ", was " + v.toPlainString());
      return null;
    }
    return v;
  }

  private List<PromptTemplate.Variable> variables(@Nullable Node n) {
    List<PromptTemplate.Variable> out = new ArrayList<>();
    if (n == null || n instanceof Node.Null) {
      return out;
    }
    if (!(n instanceof Node.Obj o)) {
      problem(n.line(), "variables must be a mapping of name to {required, maxLength, description}, found " + n.kind());
      return out;
    }
    for (Map.Entry<String, Node> e : o.entries().entrySet()) {
      String name = e.getKey();
      int line = o.keyLine(name);
      if (!Placeholders.isName(name)) {
        problem(line, "variable name '" + name + "' must be letters, digits and underscores, starting with a"
            + " letter or underscore");
        continue;
      }
      if (!(e.getValue() instanceof Node.Obj v)) {
        problem(line, "variable '" + name + "' must be a mapping with maxLength (and optionally required,"
            + " description), found " + e.getValue().kind());
        continue;
      }
      unknownKeys(v, VARIABLE, "variable '" + name + "'");
      boolean required = true;
      Node r = v.get("required");
      if (r instanceof Node.Bool b) {
        required = b.value();
      } else if (r != null) {
        problem(r.line(), "variable '" + name + "': required must be true or false, found " + r.kind());
      }
      Node ml = v.get("maxLength");
      int maxLength = 0;
      if (ml == null) {
        problem(line, "variable '" + name + "' needs maxLength: the longest value accepted, in characters");
      } else if (ml instanceof Node.Num num && num.value().stripTrailingZeros().scale() <= 0
          && num.value().compareTo(BigDecimal.ONE) >= 0
          && num.value().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0) {
        maxLength = num.value().intValueExact();
      } else {
        problem(ml.line(), "variable '" + name + "': maxLength must be a whole number of at least 1");
      }
      String description = optionalText(v, "description", "");
      if (maxLength > 0) {
        out.add(new PromptTemplate.Variable(name, required, maxLength, description));
      }
    }
    return out;
  }

  private List<PromptTemplate.MessageTemplate> messages(Node.Obj top, List<PromptTemplate.Variable> variables) {
    List<PromptTemplate.MessageTemplate> out = new ArrayList<>();
    Node n = top.get("messages");
    if (n == null) {
      problem(top.line(), "missing required key 'messages'");
      return out;
    }
    if (!(n instanceof Node.Seq seq) || seq.items().isEmpty()) {
      problem(n.line(), "messages must be a non-empty list of {role, content}");
      return out;
    }
    Set<String> declared = new LinkedHashSet<>();
    variables.forEach(v -> declared.add(v.name()));
    Set<String> used = new LinkedHashSet<>();
    boolean user = false;
    for (Node item : seq.items()) {
      if (!(item instanceof Node.Obj m)) {
        problem(item.line(), "a message must be a mapping with role and content, found " + item.kind());
        continue;
      }
      unknownKeys(m, MESSAGE, "a message");
      String roleText = requiredText(m, "role");
      String content = requiredText(m, "content");
      ChatMessage.Role role = null;
      if (roleText != null) {
        switch (roleText) {
          case "system" -> role = ChatMessage.Role.SYSTEM;
          case "user" -> role = ChatMessage.Role.USER;
          case "assistant" -> role = ChatMessage.Role.ASSISTANT;
          default -> problem(m.keyLine("role"), "role '" + roleText + "' must be system, user or assistant");
        }
      }
      user |= role == ChatMessage.Role.USER;
      if (content == null || role == null) {
        continue;
      }
      PromptTemplate.MessageTemplate mt = new PromptTemplate.MessageTemplate(role, content);
      int contentLine = m.get("content").line();
      try {
        Placeholders p = Placeholders.compile(mt.content());
        for (String name : p.names()) {
          if (!declared.contains(name)) {
            problem(contentLine, "placeholder {{" + name + "}} is not declared under 'variables'");
          }
          used.add(name);
        }
      } catch (Placeholders.MalformedException e) {
        problem(contentLine + Placeholders.lineOf(mt.content(), e.offset()), e.getMessage());
      }
      if (role != ChatMessage.Role.ASSISTANT && mt.content().isBlank()) {
        problem(contentLine, "a " + roleText + " message must not be blank");
      }
      out.add(mt);
    }
    if (!user) {
      problem(n.line(), "messages need at least one message with role user");
    }
    Node vars = top.get("variables");
    for (String name : declared) {
      if (!used.contains(name)) {
        int line = vars instanceof Node.Obj o ? o.keyLine(name) : top.line();
        problem(line, "variable '" + name + "' is declared but no message uses {{" + name + "}}");
      }
    }
    return out;
  }

  private void unknownKeys(Node.Obj o, Set<String> allowed, String where) {
    for (String key : o.entries().keySet()) {
      if (!allowed.contains(key)) {
        problem(o.keyLine(key), "unknown key '" + key + "' in " + where + " (allowed: "
            + new java.util.TreeSet<>(allowed) + ")");
      }
    }
  }

  private @Nullable String requiredText(Node.Obj o, String key) {
    Node n = o.get(key);
    if (n == null || n instanceof Node.Null) {
      problem(o.line(), "missing required key '" + key + "'");
      return null;
    }
    return text(n, key);
  }

  private @Nullable String optionalText(Node.Obj o, String key, @Nullable String dflt) {
    Node n = o.get(key);
    if (n == null || n instanceof Node.Null) {
      return dflt;
    }
    String t = text(n, key);
    return t == null ? dflt : t;
  }

  private @Nullable String text(Node n, String key) {
    if (n instanceof Node.Text t) {
      if (t.value().isBlank()) {
        problem(n.line(), key + " must not be blank");
        return null;
      }
      return t.value();
    }
    problem(n.line(), key + " must be text, found " + n.kind()
        + (n instanceof Node.Num || n instanceof Node.Bool ? " (quote it)" : ""));
    return null;
  }

  private void problem(int line, String message) {
    problems.add(new Problem(file, line, message));
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}

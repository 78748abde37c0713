package dev.hai.core.phi;

import dev.hai.core.internal.phi.PhiScanner;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Finds the HIPAA Safe Harbor identifiers in free text ({@link PhiType}) and replaces them.
 *
 * <pre>{@code
 * PhiRedactor masking = PhiRedactor.defaults();                 // [NAME], [DATE], ...
 * PhiRedactor pseudonyms = PhiRedactor.builder()
 *     .operator(PhiRedactor.Operator.KEYED_HASH)
 *     .hashKey(tenantKey)                                       // [NAME:3f2a9c1b]
 *     .names(List.of("Okonkwo", "Szymańska"))                   // the hospital's own dictionary
 *     .mrnPattern("\\bH\\d{7}\\b")                              // MRNs without a label
 *     .build();
 * Redaction r = pseudonyms.redact(note);
 * }</pre>
 *
 * <p>Detection is one left-to-right pass over the text with precompiled patterns, tried only where a
 * token starts; names are found by context cues (titles, "Pt", "Patient:", signature lines,
 * credentials such as ", MD", relatives) and by a built-in dictionary of common first and last
 * names. Words that are also names ("Rose", "Hope", "Bill") count as names only next to a cue or
 * another name. It is a heuristic: measured precision and recall per type, and the known misses,
 * are in {@code docs/phi-redaction.md}.
 *
 * <p>Immutable and thread-safe; share one instance per configuration (per tenant when hashing).
 */
public final class PhiRedactor {

  /** What replaces an identifier. */
  public enum Operator {
    /** The type's tag, for example {@code [NAME]}. */
    MASK,
    /**
     * The tag with the first {@value PhiRedactor#HASH_HEX_CHARS} hex digits of HMAC-SHA-256 of the
     * normalised value under the configured key, for example {@code [NAME:3f2a9c1b]}: the same value
     * gets the same pseudonym under the same key (one key per tenant), and a different one under
     * another key. Values are normalised before hashing: case and runs of white space for all
     * types, and everything but digits for phone, fax and SSN.
     */
    KEYED_HASH,
    /** Nothing: the identifier is removed. */
    DROP
  }

  /** Default operator: {@link Operator#MASK}. */
  public static final Operator DEFAULT_OPERATOR = Operator.MASK;
  /** Default for {@link Builder#keepYear(boolean)}: years are redacted with the rest of the date. */
  public static final boolean DEFAULT_KEEP_YEAR = false;
  /** Default types detected: all of {@link PhiType}. */
  public static final Set<PhiType> DEFAULT_TYPES = Set.copyOf(EnumSet.allOf(PhiType.class));
  /** Hex digits of the keyed hash written by {@link Operator#KEYED_HASH}. */
  public static final int HASH_HEX_CHARS = 8;
  /** Shortest key accepted for {@link Operator#KEYED_HASH}, in bytes. */
  public static final int MIN_HASH_KEY_BYTES = 16;

  private static final PhiRedactor DEFAULTS = builder().build();
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final Operator operator;
  private final PhiScanner scanner;
  private final @Nullable ThreadLocal<Mac> mac;

  private PhiRedactor(Builder b, PhiScanner scanner) {
    this.operator = b.operator;
    this.scanner = scanner;
    if (b.operator == Operator.KEYED_HASH) {
      byte[] key = b.hashKey.clone();
      this.mac = ThreadLocal.withInitial(() -> newMac(key));
      newMac(key); // fail now, not on first use
    } else {
      this.mac = null;
    }
  }

  /** A redactor with every default: all types, {@link Operator#MASK}, years redacted. */
  public static PhiRedactor defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The operator this redactor applies. */
  public Operator operator() {
    return operator;
  }

  /** Finds the identifiers in {@code text}: ordered by start, not overlapping. */
  public List<Finding> detect(String text) {
    Objects.requireNonNull(text, "text");
    return scanner.scan(text);
  }

  /** Finds the identifiers in {@code text} and replaces each with this redactor's operator. */
  public Redaction redact(String text) {
    List<Finding> findings = detect(text);
    if (findings.isEmpty()) {
      return Redaction.of(text, findings);
    }
    StringBuilder out = new StringBuilder(text.length() + 8 * findings.size());
    int at = 0;
    for (Finding f : findings) {
      out.append(text, at, f.start());
      switch (operator) {
        case MASK -> out.append('[').append(f.type().name()).append(']');
        case KEYED_HASH -> out.append('[').append(f.type().name()).append(':')
            .append(pseudonym(f.type(), text.substring(f.start(), f.end()))).append(']');
        case DROP -> { }
      }
      at = f.end();
    }
    out.append(text, at, text.length());
    return Redaction.of(out.toString(), findings);
  }

  private String pseudonym(PhiType type, String value) {
    String normal = switch (type) {
      case PHONE, FAX, SSN -> value.replaceAll("\\D", "");
      default -> value.toLowerCase(Locale.ROOT).trim().replaceAll("\\s+", " ");
    };
    Mac m = Objects.requireNonNull(mac).get();
    byte[] h = m.doFinal((type.name() + '\u0000' + normal).getBytes(StandardCharsets.UTF_8));
    char[] hex = new char[HASH_HEX_CHARS];
    for (int i = 0; i < HASH_HEX_CHARS; i++) {
      int b = h[i / 2] & 0xff;
      hex[i] = HEX[i % 2 == 0 ? b >>> 4 : b & 0xf];
    }
    return new String(hex);
  }

  private static Mac newMac(byte[] key) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(key, "HmacSHA256"));
      return m;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** Builds a {@link PhiRedactor}. Not thread-safe; each setter validates its argument. */
  public static final class Builder {
    private Operator operator = DEFAULT_OPERATOR;
    private byte[] hashKey = new byte[0];
    private final Set<String> names = new LinkedHashSet<>();
    private @Nullable Pattern mrnPattern;
    private @Nullable Pattern accountPattern;
    private boolean keepYear = DEFAULT_KEEP_YEAR;
    private Set<PhiType> types = DEFAULT_TYPES;

    private Builder() {}

    /** The replacement; default {@link #DEFAULT_OPERATOR}. {@code KEYED_HASH} needs {@link #hashKey}. */
    public Builder operator(Operator operator) {
      this.operator = Objects.requireNonNull(operator, "operator");
      return this;
    }

    /**
     * The HMAC-SHA-256 key for {@link Operator#KEYED_HASH}, at least {@value #MIN_HASH_KEY_BYTES}
     * bytes; one per tenant. Copied. No default: required for {@code KEYED_HASH}.
     */
    public Builder hashKey(byte[] key) {
      Objects.requireNonNull(key, "hashKey");
      if (key.length < MIN_HASH_KEY_BYTES) {
        throw new IllegalArgumentException(
            "hashKey must have at least " + MIN_HASH_KEY_BYTES + " bytes, had " + key.length);
      }
      this.hashKey = key.clone();
      return this;
    }

    /**
     * Names to add to the built-in dictionary (for example the hospital's patient and staff
     * surnames). Each name is split at white space; a part found in text, in any case, is taken as
     * a name, whether or not a cue is near. Adds to earlier calls. Default: none added.
     */
    public Builder names(Collection<String> names) {
      Objects.requireNonNull(names, "names");
      for (String name : names) {
        Objects.requireNonNull(name, "names element");
        for (String part : name.trim().split("\\s+")) {
          if (part.length() >= 2) {
            this.names.add(part.toLowerCase(Locale.ROOT));
          }
        }
      }
      return this;
    }

    /**
     * A regular expression for this hospital's medical record numbers, found anywhere in the
     * text, labelled or not; a group named {@code id}, if present, is what gets redacted. Default:
     * none; MRNs are then found by their label ("MRN", "medical record number", "chart #", ...).
     */
    public Builder mrnPattern(String regex) {
      this.mrnPattern = compile(regex, "mrnPattern");
      return this;
    }

    /**
     * Like {@link #mrnPattern(String)}, for account, member and plan numbers. Default: none;
     * they are then found by their label ("Acct #", "member ID", "policy no.", ...).
     */
    public Builder accountPattern(String regex) {
      this.accountPattern = compile(regex, "accountPattern");
      return this;
    }

    /**
     * Whether to leave the year of a date in clear ({@code [DATE]/2021}), as Safe Harbor allows;
     * default {@value #DEFAULT_KEEP_YEAR}: the whole date is redacted.
     */
    public Builder keepYear(boolean keepYear) {
      this.keepYear = keepYear;
      return this;
    }

    /** The types to detect; default {@link #DEFAULT_TYPES}, all of them. Must not be empty. */
    public Builder types(Set<PhiType> types) {
      Objects.requireNonNull(types, "types");
      if (types.isEmpty()) {
        throw new IllegalArgumentException("types must not be empty");
      }
      this.types = Set.copyOf(EnumSet.copyOf(types));
      return this;
    }

    public PhiRedactor build() {
      if (operator == Operator.KEYED_HASH && hashKey.length == 0) {
        throw new IllegalStateException("operator KEYED_HASH needs a hashKey");
      }
      List<PhiScanner.Custom> custom = new ArrayList<>();
      if (mrnPattern != null) {
        custom.add(new PhiScanner.Custom(PhiType.MRN, mrnPattern));
      }
      if (accountPattern != null) {
        custom.add(new PhiScanner.Custom(PhiType.ACCOUNT, accountPattern));
      }
      return new PhiRedactor(this, new PhiScanner(EnumSet.copyOf(types), names, custom, keepYear));
    }

    private static Pattern compile(String regex, String field) {
      Objects.requireNonNull(regex, field);
      try {
        return Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(field + " is not a valid regular expression: " + e.getDescription(), e);
      }
    }
  }
}

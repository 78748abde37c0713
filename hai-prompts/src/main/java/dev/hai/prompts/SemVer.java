package dev.hai.prompts;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A semantic version, {@code MAJOR.MINOR.PATCH} with an optional pre-release ({@code 1.3.0-rc.1}),
 * ordered by the rules of Semantic Versioning 2.0.0. Build metadata ({@code +build}) is refused: two
 * files differing only in it would be the same version.
 *
 * @param major the major version
 * @param minor the minor version
 * @param patch the patch version
 * @param preRelease the pre-release identifiers, or {@code null}
 */
public record SemVer(int major, int minor, int patch, @Nullable String preRelease)
    implements Comparable<SemVer> {

  private static final String IDENT = "(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)";
  private static final Pattern PATTERN = Pattern.compile(
      "(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})(?:-(" + IDENT + "(?:\\." + IDENT + ")*))?");

  public SemVer {
    if (major < 0 || minor < 0 || patch < 0) {
      throw new IllegalArgumentException("version numbers must not be negative");
    }
  }

  /**
   * Parses {@code 1.2.0} or {@code 1.2.0-rc.1}.
   *
   * @throws IllegalArgumentException saying what a version must look like
   */
  public static SemVer parse(String text) {
    SemVer v = tryParse(text);
    if (v == null) {
      throw new IllegalArgumentException("'" + text + "' is not a semantic version: write MAJOR.MINOR.PATCH"
          + " such as 1.2.0 (optionally with a pre-release, 1.3.0-rc.1; no leading zeros, no 'v', no +build)");
    }
    return v;
  }

  /** Parses like {@link #parse}, or returns {@code null}. */
  public static @Nullable SemVer tryParse(String text) {
    Matcher m = PATTERN.matcher(text);
    if (!m.matches()) {
      return null;
    }
    return new SemVer(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
        Integer.parseInt(m.group(3)), m.group(4));
  }

  /** Whether this is a pre-release; ranges never select one. */
  public boolean isPreRelease() {
    return preRelease != null;
  }

  @Override
  public int compareTo(SemVer o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) {
      c = Integer.compare(minor, o.minor);
    }
    if (c == 0) {
      c = Integer.compare(patch, o.patch);
    }
    if (c != 0) {
      return c;
    }
    if (preRelease == null || o.preRelease == null) {
      return preRelease == null ? (o.preRelease == null ? 0 : 1) : -1;
    }
    String[] a = preRelease.split("\\.");
    String[] b = o.preRelease.split("\\.");
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      c = compareIdentifier(a[i], b[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.length, b.length);
  }

  private static int compareIdentifier(String a, String b) {
    boolean an = a.chars().allMatch(Character::isDigit);
    boolean bn = b.chars().allMatch(Character::isDigit);
    if (an && bn) {
      return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }
    if (an != bn) {
      return an ? -1 : 1; // numeric identifiers sort before alphanumeric ones
    }
    return a.compareTo(b);
  }

  /** {@code 1.2.0} or {@code 1.2.0-rc.1}. */
  @Override
  public String toString() {
    return major + "." + minor + "." + patch + (preRelease == null ? "" : "-" + preRelease);
  }
}

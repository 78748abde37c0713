package dev.hai.core.route;

import dev.hai.core.InvalidRequestException;
import dev.hai.core.internal.Checks;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The arms of one use: a champion, optionally a challenger serving a share of subjects, optionally
 * shadows. Immutable; a share change makes a copy ({@link #withChallengerShare}).
 *
 * <p>A call matches a route when its prompt reference names the route's {@link #promptId()}. Its
 * subject (see {@code docs/rollout.md}: the request's patient id, else the route table's subject key
 * function, else the call id) is hashed into one of {@value #BASIS_POINTS} buckets; buckets below
 * the challenger's share go to the challenger. The same subject always gets the same bucket, and a
 * larger share only moves subjects from the champion to the challenger.
 *
 * <pre>{@code
 * Route route = Route.builder("discharge-summary")
 *     .champion(Arm.builder("claude").backend("anthropic").build())
 *     .challenger(Arm.builder("local-8b").backend("gpu-server").build(), 1_000) // 10 %
 *     .shadow(Arm.builder("local-70b").backend("gpu-server-2").build())
 *     .build();
 * }</pre>
 *
 * @param name the route's name, unique in its table; also the default {@code promptId}
 * @param promptId the prompt id whose calls this route takes
 * @param champion the arm that serves by default
 * @param challenger the challenger, or null
 * @param challengerShare the challenger's share in basis points, 0 to {@value #BASIS_POINTS} (100 %);
 *     0 without a challenger
 * @param shadows arms run after the answer, only recorded; may be empty
 */
public record Route(
    String name,
    String promptId,
    Arm champion,
    @Nullable Arm challenger,
    int challengerShare,
    List<Arm> shadows) {

  /** 100 %, in basis points: the number of assignment buckets. */
  public static final int BASIS_POINTS = 10_000;

  public Route {
    Arm.checkName(name, "route.name");
    Checks.notBlank(promptId, "route.promptId");
    Checks.required(champion, "route.champion");
    shadows = List.copyOf(Checks.required(shadows, "route.shadows"));
    checkShare(challengerShare, "route.challengerShare");
    if (challenger == null && challengerShare != 0) {
      throw new InvalidRequestException("route.challengerShare",
          "route '" + name + "' has no challenger, so its share must be 0, was " + challengerShare);
    }
    Set<String> names = new HashSet<>();
    List<Arm> all = new ArrayList<>();
    all.add(champion);
    if (challenger != null) {
      all.add(challenger);
    }
    all.addAll(shadows);
    for (Arm a : all) {
      if (!names.add(a.name())) {
        throw new InvalidRequestException("route.arms", "route '" + name + "' lists arm '" + a.name() + "' twice");
      }
    }
  }

  /** The challenger, when there is one. */
  public Optional<Arm> challengerArm() {
    return Optional.ofNullable(challenger);
  }

  /** Every arm: champion, challenger (if any), shadows. */
  public List<Arm> arms() {
    List<Arm> all = new ArrayList<>();
    all.add(champion);
    if (challenger != null) {
      all.add(challenger);
    }
    all.addAll(shadows);
    return List.copyOf(all);
  }

  /**
   * A copy with another challenger share.
   *
   * @throws InvalidRequestException when the share is out of range or the route has no challenger
   */
  public Route withChallengerShare(int basisPoints) {
    return new Route(name, promptId, champion, challenger, basisPoints, shadows);
  }

  /** The challenger's share as a percentage, for people: {@code 1000} is {@code "10%"}. */
  public static String percent(int basisPoints) {
    String s = java.math.BigDecimal.valueOf(basisPoints, 2).stripTrailingZeros().toPlainString();
    return s + "%";
  }

  /**
   * Basis points of a share written in percent: {@code "12.5%"} or {@code "12.5"} is 1250.
   *
   * @throws InvalidRequestException when it is not a number from 0 to 100 with at most two decimals
   */
  public static int parsePercent(String text) {
    Checks.notBlank(text, "share");
    String t = text.strip();
    if (t.endsWith("%")) {
      t = t.substring(0, t.length() - 1).strip();
    }
    try {
      java.math.BigDecimal bp = new java.math.BigDecimal(t).movePointRight(2);
      int v = bp.intValueExact();
      return checkShare(v, "share");
    } catch (NumberFormatException | ArithmeticException e) {
      throw new InvalidRequestException("share",
          "'" + text + "' must be a percentage from 0 to 100 with at most two decimals, such as 10 or 12.5%");
    }
  }

  static int checkShare(int basisPoints, String field) {
    if (basisPoints < 0 || basisPoints > BASIS_POINTS) {
      throw new InvalidRequestException(field,
          "a share must be 0 to " + BASIS_POINTS + " basis points (0 to 100 %), was " + basisPoints);
    }
    return basisPoints;
  }

  /** Starts a route named {@code name}; it takes calls of the prompt id {@code name} unless told otherwise. */
  public static Builder builder(String name) {
    return new Builder(Arm.checkName(name, "route.name"));
  }

  /** Builds a {@link Route}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private String promptId;
    private @Nullable Arm champion;
    private @Nullable Arm challenger;
    private int challengerShare;
    private final List<Arm> shadows = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
      this.promptId = name;
    }

    /** The prompt id whose calls the route takes. Default: the route's name. */
    public Builder promptId(String promptId) {
      this.promptId = Checks.notBlank(promptId, "route.promptId");
      return this;
    }

    /** The arm that serves by default. Required. */
    public Builder champion(Arm champion) {
      this.champion = Checks.required(champion, "route.champion");
      return this;
    }

    /**
     * The challenger and its share in basis points ({@code 1000} = 10 %); checked at once.
     * Default: none.
     */
    public Builder challenger(Arm challenger, int basisPoints) {
      this.challenger = Checks.required(challenger, "route.challenger");
      this.challengerShare = checkShare(basisPoints, "route.challengerShare");
      return this;
    }

    /** Adds a shadow arm. Default: none. */
    public Builder shadow(Arm shadow) {
      shadows.add(Checks.required(shadow, "route.shadow"));
      return this;
    }

    /**
     * The route.
     *
     * @throws InvalidRequestException when the champion is missing or an arm name repeats
     */
    public Route build() {
      if (champion == null) {
        throw new InvalidRequestException("route.champion", "route '" + name + "' needs a champion");
      }
      return new Route(name, promptId, champion, challenger, challengerShare, shadows);
    }
  }
}

package dev.hai.core.cost;

import dev.hai.core.InvalidRequestException;
import dev.hai.core.internal.Checks;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/**
 * A spending limit for a tenant, optionally narrowed to one actor or one prompt, per day or month
 * in a time zone. Immutable.
 *
 * <pre>{@code
 * Budget cardiology = Budget.tenant("cardiology").monthly(Money.of("USD", "500")).build();
 * Budget perClinician = Budget.tenant("cardiology").actor("u-4711").daily(Money.of("USD", "5"))
 *     .zone(ZoneId.of("Europe/Berlin")).soft().build();
 * }</pre>
 *
 * <p>A budget applies to a call when the call's tenant is {@link #tenant()} and, where set, its
 * actor is {@link #actorId()} and its versioned prompt is {@link #promptId()}. A {@link
 * Enforcement#HARD hard} budget refuses a call whose worst-case cost does not fit; a {@link
 * Enforcement#SOFT soft} one lets it through and warns.
 *
 * @param tenant the tenant the budget belongs to
 * @param actorId narrows it to one actor, or null for every actor of the tenant
 * @param promptId narrows it to one prompt id, or null for every prompt (and inline messages)
 * @param period day or month
 * @param zone the time zone whose midnights start the periods (normalized: a fixed-offset zone such
 *     as {@code UTC} becomes its offset, {@code Z})
 * @param limit the most that may be spent in one period
 * @param enforcement hard (refuse) or soft (warn)
 */
public record Budget(
    String tenant,
    @Nullable String actorId,
    @Nullable String promptId,
    BudgetPeriod period,
    ZoneId zone,
    Money limit,
    Enforcement enforcement) {

  /** What happens when a call's worst case does not fit. */
  public enum Enforcement {
    /** The call is refused with {@code ClinicalResult.BudgetExceeded} before any model is called. */
    HARD,
    /** The call proceeds; the {@link BudgetListener} is told. */
    SOFT
  }

  public Budget {
    Checks.notBlank(tenant, "budget.tenant");
    if (actorId != null) {
      Checks.notBlank(actorId, "budget.actorId");
    }
    if (promptId != null) {
      Checks.notBlank(promptId, "budget.promptId");
    }
    Checks.required(period, "budget.period");
    // One zone, one key: "UTC", "Etc/UTC" and ZoneOffset.UTC all become "Z".
    zone = Checks.required(zone, "budget.zone").normalized();
    Checks.required(limit, "budget.limit");
    Checks.required(enforcement, "budget.enforcement");
    if (limit.isNegative()) {
      throw new InvalidRequestException("budget.limit", "must not be negative, was " + limit);
    }
  }

  /** Starts a budget of a tenant. */
  public static Builder tenant(String tenant) {
    return new Builder(Checks.notBlank(tenant, "budget.tenant"));
  }

  /**
   * The budget's stable key, which stores use to find its spend: {@code
   * tenant=<t>;actor=<a or *>;prompt=<p or *>;period=<DAY|MONTH>;zone=<zone id>}. Two budgets with
   * the same key share spend; the limit and enforcement are not part of the key, so changing a limit
   * keeps the period's spend.
   */
  public String key() {
    return "tenant=" + tenant + ";actor=" + (actorId == null ? "*" : actorId) + ";prompt="
        + (promptId == null ? "*" : promptId) + ";period=" + period + ";zone=" + zone.getId();
  }

  /** Whether the budget applies to a call of this tenant, actor and prompt (null: inline messages). */
  public boolean appliesTo(String tenant, String actorId, @Nullable String promptId) {
    return this.tenant.equals(tenant)
        && (this.actorId == null || this.actorId.equals(actorId))
        && (this.promptId == null || this.promptId.equals(promptId));
  }

  /** Whether the budget refuses calls that do not fit. */
  public boolean isHard() {
    return enforcement == Enforcement.HARD;
  }

  /** The period that contains {@code instant}. */
  public BudgetWindow windowAt(Instant instant) {
    Checks.required(instant, "instant");
    LocalDate day = instant.atZone(zone).toLocalDate();
    LocalDate first;
    LocalDate next;
    String label;
    if (period == BudgetPeriod.DAY) {
      first = day;
      next = day.plusDays(1);
      label = day.toString();
    } else {
      first = day.withDayOfMonth(1);
      next = first.plusMonths(1);
      label = first.toString().substring(0, 7);
    }
    return new BudgetWindow(start(first), start(next), label);
  }

  private Instant start(LocalDate day) {
    // atStartOfDay(zone) takes the first valid instant when midnight falls in a daylight-saving gap.
    return day.atStartOfDay(zone).toInstant();
  }

  /** Builds a {@link Budget}; {@link #daily} or {@link #monthly} is required. */
  public static final class Builder {
    /** Default time zone of the periods. */
    public static final ZoneId DEFAULT_ZONE = ZoneOffset.UTC;

    private final String tenant;
    private @Nullable String actorId;
    private @Nullable String promptId;
    private @Nullable BudgetPeriod period;
    private @Nullable Money limit;
    private ZoneId zone = DEFAULT_ZONE;
    private Enforcement enforcement = Enforcement.HARD;

    private Builder(String tenant) {
      this.tenant = tenant;
    }

    /** Narrows the budget to one actor. Default: every actor of the tenant. */
    public Builder actor(String actorId) {
      this.actorId = Checks.notBlank(actorId, "budget.actorId");
      return this;
    }

    /** Narrows the budget to one prompt id. Default: every call of the tenant. */
    public Builder prompt(String promptId) {
      this.promptId = Checks.notBlank(promptId, "budget.promptId");
      return this;
    }

    /** At most {@code limit} per day. */
    public Builder daily(Money limit) {
      return limit(BudgetPeriod.DAY, limit);
    }

    /** At most {@code limit} per calendar month. */
    public Builder monthly(Money limit) {
      return limit(BudgetPeriod.MONTH, limit);
    }

    private Builder limit(BudgetPeriod period, Money limit) {
      if (this.period != null) {
        throw new InvalidRequestException("budget.period", "was already set to " + this.period);
      }
      this.period = period;
      this.limit = Checks.required(limit, "budget.limit");
      return this;
    }

    /** The time zone whose midnights start the periods. Default: {@link #DEFAULT_ZONE} (UTC). */
    public Builder zone(ZoneId zone) {
      this.zone = Checks.required(zone, "budget.zone");
      return this;
    }

    /** Refuse calls that do not fit (the default). */
    public Builder hard() {
      this.enforcement = Enforcement.HARD;
      return this;
    }

    /** Let calls through and warn. */
    public Builder soft() {
      this.enforcement = Enforcement.SOFT;
      return this;
    }

    public Budget build() {
      if (period == null || limit == null) {
        throw new InvalidRequestException("budget.period", "set a daily(...) or monthly(...) limit");
      }
      return new Budget(tenant, actorId, promptId, period, zone, limit, enforcement);
    }
  }
}

package dev.hai.core.cost;

import dev.hai.core.InvalidRequestException;
import dev.hai.core.Usage;
import dev.hai.core.internal.Checks;
import java.math.BigInteger;
import org.jspecify.annotations.Nullable;

/**
 * Cloud versus local: what a month's token volume costs at a cloud model's prices and on dedicated
 * local GPUs, and from what monthly volume the local GPUs are cheaper. Immutable.
 *
 * <p>The local side is a GPU rented or depreciated by the hour and kept running all month (the
 * hospital pays for it whether busy or not): {@code gpus × hourly price × hours per month}, with as
 * many GPUs as the volume needs at the given throughput. The cloud side is the volume at the
 * model's input and output prices, without cache discounts. Break-even is the monthly volume, at the
 * same input/output mix, at which the cloud bill reaches one GPU-month; it exists only when one
 * fully used GPU is cheaper per token than the cloud.
 *
 * <pre>{@code
 * BreakEven b = BreakEven.of(prices.lookup("claude-sonnet-4-5", today), 400_000_000, 60_000_000,
 *     Money.of("USD", "2.40"), 2_000_000, BreakEven.HOURS_PER_MONTH);
 * b.summary();
 * }</pre>
 *
 * @param cloudModel the cloud model's price
 * @param monthlyInputTokens input tokens per month
 * @param monthlyOutputTokens output tokens per month
 * @param gpuHourPrice the price of one GPU-hour
 * @param tokensPerGpuHour tokens (input and output) one GPU processes per hour
 * @param hoursPerMonth hours each GPU is paid for per month
 * @param cloudMonthly the volume's cloud cost
 * @param gpuMonthly one GPU for a month
 * @param gpusNeeded GPUs the volume needs (at least 1)
 * @param localMonthly {@code gpusNeeded × gpuMonthly}
 * @param breakEvenTokens the monthly volume (input and output) from which one GPU costs less than
 *     the cloud, or null when a fully used GPU is dearer per token than the cloud
 */
public record BreakEven(
    ModelPrice cloudModel,
    long monthlyInputTokens,
    long monthlyOutputTokens,
    Money gpuHourPrice,
    long tokensPerGpuHour,
    int hoursPerMonth,
    Money cloudMonthly,
    Money gpuMonthly,
    long gpusNeeded,
    Money localMonthly,
    @Nullable Long breakEvenTokens) {

  /** Hours in an average month (8760 / 12). */
  public static final int HOURS_PER_MONTH = 730;

  /** Computes the comparison. */
  public static BreakEven of(ModelPrice cloudModel, long monthlyInputTokens, long monthlyOutputTokens,
      Money gpuHourPrice, long tokensPerGpuHour, int hoursPerMonth) {
    Checks.required(cloudModel, "cloudModel");
    Checks.required(gpuHourPrice, "gpuHourPrice");
    if (monthlyInputTokens < 0 || monthlyOutputTokens < 0 || monthlyInputTokens + monthlyOutputTokens == 0) {
      throw new InvalidRequestException("monthlyTokens", "the month's input and output tokens must not be negative"
          + " and not both zero");
    }
    if (tokensPerGpuHour < 1) {
      throw new InvalidRequestException("tokensPerGpuHour", "must be at least 1, was " + tokensPerGpuHour);
    }
    Checks.atLeast(hoursPerMonth, 1, "hoursPerMonth");
    if (!gpuHourPrice.currency().equals(cloudModel.currency())) {
      throw new InvalidRequestException("gpuHourPrice", "is in " + gpuHourPrice.currency() + " but the model's prices are in "
          + cloudModel.currency());
    }
    long volume = Math.addExact(monthlyInputTokens, monthlyOutputTokens);
    Money cloud = cloudModel.cost(Usage.of(monthlyInputTokens, monthlyOutputTokens));
    Money gpu = Money.ofMicros(gpuHourPrice.currency(), Math.multiplyExact(gpuHourPrice.micros(), (long) hoursPerMonth));
    long capacity = Math.multiplyExact(tokensPerGpuHour, (long) hoursPerMonth);
    long gpus = Math.max(1, (volume + capacity - 1) / capacity);
    Money local = Money.ofMicros(gpu.currency(), Math.multiplyExact(gpu.micros(), gpus));
    Long breakEven = null;
    if (!cloud.isZero()) {
      // cloud(V) = cloud × V / volume reaches gpu at V = gpu × volume / cloud, rounded up.
      BigInteger[] qr = BigInteger.valueOf(gpu.micros()).multiply(BigInteger.valueOf(volume))
          .divideAndRemainder(BigInteger.valueOf(cloud.micros()));
      BigInteger v = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
      if (v.compareTo(BigInteger.valueOf(capacity)) <= 0) {
        breakEven = v.longValueExact();
      }
    }
    return new BreakEven(cloudModel, monthlyInputTokens, monthlyOutputTokens, gpuHourPrice, tokensPerGpuHour,
        hoursPerMonth, cloud, gpu, gpus, local, breakEven);
  }

  /** Whether the local GPUs cost less than the cloud for this month's volume. */
  public boolean localIsCheaper() {
    return localMonthly.compareTo(cloudMonthly) < 0;
  }

  /** A few lines in words. */
  public String summary() {
    long volume = monthlyInputTokens + monthlyOutputTokens;
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("monthly volume: %,d input + %,d output tokens%n", monthlyInputTokens, monthlyOutputTokens));
    sb.append(String.format("cloud (%s, prices from %s): %s per month%n", cloudModel.model(), cloudModel.effectiveFrom(),
        cloudMonthly));
    sb.append(String.format("local: %d GPU%s x %s per hour x %d h = %s per month (capacity %,d tokens per GPU-month)%n",
        gpusNeeded, gpusNeeded == 1 ? "" : "s", gpuHourPrice, hoursPerMonth, localMonthly,
        tokensPerGpuHour * hoursPerMonth));
    if (breakEvenTokens == null) {
      sb.append("break-even: none: a fully used GPU costs more per token than the cloud model\n");
    } else {
      sb.append(String.format("break-even: one GPU is cheaper from %,d tokens per month (%.1f%% of this volume)%n",
          breakEvenTokens, 100.0 * breakEvenTokens / volume));
    }
    sb.append(localIsCheaper() ? "this month: local is cheaper\n" : "this month: cloud is cheaper\n");
    return sb.toString();
  }
}

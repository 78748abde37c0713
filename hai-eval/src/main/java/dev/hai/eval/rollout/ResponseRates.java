package dev.hai.eval.rollout;

import dev.hai.eval.feedback.Feedback;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * How much feedback the answered calls got: overall, per clinician (the clinician who made the
 * call, its audit record's actor) and per arm, and how long clinicians took to give it.
 *
 * <pre>{@code
 * ResponseRates r = ResponseRates.of(data);
 * r.overall().rate();                  // share of answered calls with feedback
 * r.medianTimeToRespond();             // from the call's end to the feedback
 * }</pre>
 *
 * @param overall all answered calls
 * @param byClinician by the calling clinician's id, sorted
 * @param byArm by arm name, sorted
 * @param medianTimeToRespond the median time to respond over all feedback on these calls (the mean
 *     of the two middle values for an even count), or null without feedback
 */
public record ResponseRates(Rate overall, Map<String, Rate> byClinician, Map<String, Rate> byArm,
    @Nullable Duration medianTimeToRespond) {

  public ResponseRates {
    byClinician = Collections.unmodifiableMap(new TreeMap<>(byClinician));
    byArm = Collections.unmodifiableMap(new TreeMap<>(byArm));
  }

  /**
   * Answered calls and how many got feedback.
   *
   * @param answered answered calls
   * @param withFeedback of those, calls with feedback
   * @param medianTimeToRespond median time to respond of that feedback, or null without any
   */
  public record Rate(long answered, long withFeedback, @Nullable Duration medianTimeToRespond) {
    /** withFeedback / answered (NaN without answered calls). */
    public double rate() {
      return answered == 0 ? Double.NaN : (double) withFeedback / answered;
    }
  }

  /** The rates of the answered calls in {@code data}. */
  public static ResponseRates of(RolloutData data) {
    Acc all = new Acc();
    Map<String, Acc> clinicians = new TreeMap<>();
    Map<String, Acc> arms = new TreeMap<>();
    for (ArmCall call : data.calls()) {
      if (!call.answered()) {
        continue;
      }
      Feedback f = data.feedback().get(call.callId());
      all.add(f);
      clinicians.computeIfAbsent(call.actorId(), k -> new Acc()).add(f);
      arms.computeIfAbsent(call.arm(), k -> new Acc()).add(f);
    }
    Map<String, Rate> byClinician = new TreeMap<>();
    clinicians.forEach((k, v) -> byClinician.put(k, v.rate()));
    Map<String, Rate> byArm = new TreeMap<>();
    arms.forEach((k, v) -> byArm.put(k, v.rate()));
    Rate overall = all.rate();
    return new ResponseRates(overall, byClinician, byArm, overall.medianTimeToRespond());
  }

  /** The median of durations (mean of the middle two for an even count), or null for none. */
  static @Nullable Duration median(List<Duration> values) {
    if (values.isEmpty()) {
      return null;
    }
    List<Duration> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : sorted.get(n / 2 - 1).plus(sorted.get(n / 2)).dividedBy(2);
  }

  private static final class Acc {
    long answered;
    long withFeedback;
    final List<Duration> times = new ArrayList<>();

    void add(@Nullable Feedback f) {
      answered++;
      if (f != null) {
        withFeedback++;
        if (f.timeToRespond() != null) {
          times.add(f.timeToRespond());
        }
      }
    }

    Rate rate() {
      return new Rate(answered, withFeedback, median(times));
    }
  }
}

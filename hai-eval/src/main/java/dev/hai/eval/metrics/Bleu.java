package dev.hai.eval.metrics;

import dev.hai.eval.DatasetItem;
import dev.hai.eval.Metric;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * BLEU with sacreBLEU's default settings (sacreBLEU 2.x): the {@code 13a} tokenizer, case kept,
 * n-grams up to 4, {@code exp} smoothing (NIST's), brevity penalty with the closest reference
 * length (the shorter one on a tie). {@link #corpus} equals {@code sacrebleu.corpus_bleu} and
 * {@link #sentence} equals {@code sacrebleu.sentence_bleu} (which adds effective order); both are
 * on sacreBLEU's 0–100 scale, and both are checked against sacreBLEU's own output on test vectors
 * committed with the tests.
 *
 * <p>As a per-item {@link Metric} the score is sentence BLEU / 100 against the expected text.
 */
public record Bleu() implements Metric {

  private static final int MAX_ORDER = 4;
  // sacrebleu's tokenizer_re.TokenizerRegexp, in order.
  private static final Pattern SYMBOLS = Pattern.compile("([\\{-~\\[-` -&(-+:-@/])");
  private static final Pattern PERIOD_COMMA_AFTER_NON_DIGIT = Pattern.compile("([^0-9])([.,])");
  private static final Pattern PERIOD_COMMA_BEFORE_NON_DIGIT = Pattern.compile("([.,])([^0-9])");
  private static final Pattern DASH_AFTER_DIGIT = Pattern.compile("([0-9])(-)");

  @Override
  public String name() {
    return "bleu";
  }

  @Override
  public double score(DatasetItem item, String output) {
    return sentence(output, List.of(item.expected().asText())) / 100.0;
  }

  /** Corpus BLEU (0–100) of hypotheses, each against its references ({@code refs.get(i)}). */
  public static double corpus(List<String> hypotheses, List<List<String>> references) {
    if (hypotheses.size() != references.size()) {
      throw new IllegalArgumentException("one list of references per hypothesis: "
          + hypotheses.size() + " hypotheses, " + references.size() + " reference lists");
    }
    long[] stats = new long[2 + 2 * MAX_ORDER];
    for (int i = 0; i < hypotheses.size(); i++) {
      add(stats, segmentStats(hypotheses.get(i), references.get(i)));
    }
    return compute(stats, false);
  }

  /** Sentence BLEU (0–100) of one hypothesis, as {@code sacrebleu.sentence_bleu}. */
  public static double sentence(String hypothesis, List<String> references) {
    return compute(segmentStats(hypothesis, references), true);
  }

  /** sacreBLEU's 13a tokenisation of one segment, tokens joined by single spaces. */
  public static String tokenize13a(String line) {
    String s = line.replace("<skipped>", "").replace("-\n", "").replace("\n", " ");
    if (s.indexOf('&') >= 0) {
      s = s.replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
    }
    s = " " + s + " ";
    s = SYMBOLS.matcher(s).replaceAll(" $1 ");
    s = PERIOD_COMMA_AFTER_NON_DIGIT.matcher(s).replaceAll("$1 $2 ");
    s = PERIOD_COMMA_BEFORE_NON_DIGIT.matcher(s).replaceAll(" $1 $2");
    s = DASH_AFTER_DIGIT.matcher(s).replaceAll("$1 $2 ");
    return String.join(" ", splitPythonStyle(s));
  }

  // Python's str.split(): runs of whitespace separate, no empty tokens.
  private static List<String> splitPythonStyle(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      while (i < n && isPythonSpace(s.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !isPythonSpace(s.charAt(i))) {
        i++;
      }
      if (i > start) {
        out.add(s.substring(start, i));
      }
    }
    return out;
  }

  private static boolean isPythonSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u001c' || c == '\u001d'
        || c == '\u001e' || c == '\u001f' || c == '\u0085';
  }

  // stats: [sysLen, refLen, correct1..4, total1..4]
  private static long[] segmentStats(String hypothesis, List<String> references) {
    if (references.isEmpty()) {
      throw new IllegalArgumentException("at least one reference per hypothesis");
    }
    List<String> hyp = splitPythonStyle(tokenize13a(stripTrailing(hypothesis)));
    Map<List<String>, Integer> refMax = new HashMap<>();
    int closestLen = -1;
    int closestDiff = -1;
    for (String reference : references) {
      List<String> ref = splitPythonStyle(tokenize13a(stripTrailing(reference)));
      int diff = Math.abs(hyp.size() - ref.size());
      if (closestDiff == -1 || diff < closestDiff) {
        closestDiff = diff;
        closestLen = ref.size();
      } else if (diff == closestDiff && ref.size() < closestLen) {
        closestLen = ref.size();
      }
      for (Map.Entry<List<String>, Integer> e : ngrams(ref).entrySet()) {
        refMax.merge(e.getKey(), e.getValue(), Math::max);
      }
    }
    long[] stats = new long[2 + 2 * MAX_ORDER];
    stats[0] = hyp.size();
    stats[1] = closestLen;
    for (Map.Entry<List<String>, Integer> e : ngrams(hyp).entrySet()) {
      int n = e.getKey().size();
      stats[1 + n] += Math.min(e.getValue(), refMax.getOrDefault(e.getKey(), 0));
    }
    for (int n = 1; n <= MAX_ORDER; n++) {
      stats[1 + MAX_ORDER + n] = Math.max(0, hyp.size() - n + 1);
    }
    return stats;
  }

  private static String stripTrailing(String s) {
    // Python's rstrip() with no argument.
    int end = s.length();
    while (end > 0 && isPythonSpace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end);
  }

  private static Map<List<String>, Integer> ngrams(List<String> tokens) {
    Map<List<String>, Integer> counts = new HashMap<>();
    for (int n = 1; n <= MAX_ORDER; n++) {
      for (int i = 0; i + n <= tokens.size(); i++) {
        counts.merge(tokens.subList(i, i + n), 1, Integer::sum);
      }
    }
    return counts;
  }

  private static void add(long[] into, long[] stats) {
    for (int i = 0; i < into.length; i++) {
      into[i] += stats[i];
    }
  }

  // sacrebleu.metrics.bleu.BLEU.compute_bleu with smooth_method='exp'.
  private static double compute(long[] stats, boolean effectiveOrder) {
    long sysLen = stats[0];
    long refLen = stats[1];
    double bp = 1.0;
    if (sysLen < refLen) {
      bp = sysLen > 0 ? Math.exp(1 - (double) refLen / sysLen) : 0.0;
    }
    boolean anyCorrect = false;
    for (int n = 1; n <= MAX_ORDER; n++) {
      anyCorrect |= stats[1 + n] > 0;
    }
    if (!anyCorrect) {
      return 0.0;
    }
    double[] precisions = new double[MAX_ORDER];
    double smooth = 1.0;
    int effOrder = MAX_ORDER;
    for (int n = 1; n <= MAX_ORDER; n++) {
      long correct = stats[1 + n];
      long total = stats[1 + MAX_ORDER + n];
      if (total == 0) {
        break;
      }
      if (effectiveOrder) {
        effOrder = n;
      }
      if (correct == 0) {
        smooth *= 2;
        precisions[n - 1] = 100.0 / (smooth * total);
      } else {
        precisions[n - 1] = 100.0 * correct / total;
      }
    }
    double sum = 0;
    for (int i = 0; i < effOrder; i++) {
      sum += precisions[i] == 0.0 ? -9999999999.0 : Math.log(precisions[i]);
    }
    return bp * Math.exp(sum / effOrder);
  }
}

package dev.hai.benchmarks.gpu;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** The short text table of a report, made from its JSON so that both always say the same. */
final class Tables {
  private Tables() {}

  static String text(JsonNode report) {
    StringBuilder sb = new StringBuilder();
    JsonNode settings = report.path("settings");
    sb.append("HAI serving benchmark");
    if (!report.path("label").asText().isEmpty()) {
      sb.append(": ").append(report.path("label").asText());
    }
    sb.append('\n');
    sb.append(String.format(Locale.ROOT, "server %s, model %s, max_tokens %d, temperature 0, %d round(s) of %d s per side%n",
        settings.path("url").asText(), settings.path("model").asText(), settings.path("maxTokens").asInt(),
        settings.path("rounds").asInt(), settings.path("durationSeconds").asInt()));
    sb.append("HAI's side: ClinicalModelClient + ")
        .append("local-server".equals(settings.path("haiBackend").asText())
            ? "LocalServerBackend" : "OpenAiBackend.compatible")
        .append(", scheduling ")
        .append(settings.path("throughputScheduling").asText("none")).append(", audit sink ")
        .append(settings.path("audit").asText("none")).append("; direct: a bare OkHttp POST\n\n");
    sb.append(String.format(Locale.ROOT, "%5s  %12s  %12s  %7s  %15s  %15s  %11s  %11s  %s%n",
        "C", "direct tok/s", "hai tok/s", "ratio*", "round ratios", "tok/req d / h", "p50 ms d/h", "p99 ms d/h", "errors d/h"));
    for (JsonNode t : report.path("throughput")) {
      double min = Double.MAX_VALUE;
      double max = -Double.MAX_VALUE;
      for (JsonNode r : t.path("rounds")) {
        min = Math.min(min, r.path("ratio").asDouble());
        max = Math.max(max, r.path("ratio").asDouble());
      }
      JsonNode d = t.path("direct");
      JsonNode h = t.path("hai");
      sb.append(String.format(Locale.ROOT, "%5d  %12.1f  %12.1f  %7.3f  %15s  %15s  %11s  %11s  %d/%d%n",
          t.path("concurrency").asInt(), d.path("tokensPerSecond").asDouble(), h.path("tokensPerSecond").asDouble(),
          t.path("ratio").asDouble(), String.format(Locale.ROOT, "%.3f..%.3f", min, max),
          String.format(Locale.ROOT, "%.1f / %.1f", d.path("tokensPerRequest").asDouble(), h.path("tokensPerRequest").asDouble()),
          String.format(Locale.ROOT, "%.0f/%.0f", d.path("p50Millis").asDouble(), h.path("p50Millis").asDouble()),
          String.format(Locale.ROOT, "%.0f/%.0f", d.path("p99Millis").asDouble(), h.path("p99Millis").asDouble()),
          d.path("errors").asLong(), h.path("errors").asLong()));
    }
    if (report.path("throughput").size() > 0) {
      JsonNode first = report.path("throughput").get(0);
      sb.append(String.format(Locale.ROOT, "* geometric mean of the rounds' hai/direct ratios; target >= %.2f%n",
          first.path("targetRatio").asDouble()));
    }
    for (JsonNode sat : report.path("saturation")) {
      sb.append('\n');
      sb.append(String.format(Locale.ROOT, "saturation through HAI: %d workers, scheduling %s, %.0f s%n",
          sat.path("workers").asInt(), sat.path("scheduling").asText(), sat.path("seconds").asDouble()));
      sb.append(String.format(Locale.ROOT, "%-18s  %8s  %7s  %8s  %7s  %6s  %9s  %9s%n",
          "class", "priority", "workers", "answered", "refused", "failed", "p50 ms", "p99 ms"));
      for (JsonNode c : sat.path("classes")) {
        sb.append(String.format(Locale.ROOT, "%-18s  %8d  %7d  %8d  %7d  %6d  %9.0f  %9.0f%n",
            c.path("class").asText(), c.path("priority").asInt(), c.path("workers").asInt(), c.path("requests").asLong(),
            c.path("refused").asLong(), c.path("errors").asLong(), c.path("p50Millis").asDouble(),
            c.path("p99Millis").asDouble()));
      }
    }
    return sb.toString();
  }
}

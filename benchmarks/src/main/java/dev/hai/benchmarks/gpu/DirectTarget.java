package dev.hai.benchmarks.gpu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The baseline: a bare OkHttp POST to {@code {baseUrl}/chat/completions} that reads {@code
 * usage.completion_tokens} from the answer, with nothing else around it.
 */
final class DirectTarget implements LoadTarget {
  private static final MediaType JSON = MediaType.get("application/json");

  private final OkHttpClient http;
  private final HttpUrl url;
  private final Workload workload;
  private final ObjectMapper json = new ObjectMapper();

  DirectTarget(OkHttpClient http, String baseUrl, Workload workload) {
    this.http = http;
    this.url = HttpUrl.get(baseUrl + "/chat/completions");
    this.workload = workload;
  }

  @Override
  public String name() {
    return "direct";
  }

  @Override
  public Sample call(int index, PriorityClass priorityClass) {
    Request request = new Request.Builder()
        .url(url)
        .post(RequestBody.create(workload.directBody(json, index), JSON))
        .build();
    long start = System.nanoTime();
    try (Response response = http.newCall(request).execute()) {
      String body = response.body().string();
      long end = System.nanoTime();
      if (!response.isSuccessful()) {
        return new Sample(end, end - start, 0, "HTTP " + response.code());
      }
      JsonNode tokens = json.readTree(body).path("usage").path("completion_tokens");
      if (!tokens.canConvertToLong()) {
        return new Sample(end, end - start, 0, "no usage.completion_tokens in the answer");
      }
      return new Sample(end, end - start, tokens.asLong(), null);
    } catch (IOException e) {
      long end = System.nanoTime();
      return new Sample(end, end - start, 0,
          e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }
  }
}

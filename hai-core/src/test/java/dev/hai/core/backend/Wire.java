package dev.hai.core.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hai.core.Caller;
import dev.hai.core.ChatMessage;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.GenerationParameters;
import dev.hai.core.PurposeOfUse;
import dev.hai.core.spi.ModelCall;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/** Helpers for wire tests: fixtures, canned responses, request parsing. */
public final class Wire {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Wire() {}

  /** The text of {@code /wire/<path>} on the test classpath. */
  public static String fixture(String path) {
    try (InputStream in = Wire.class.getResourceAsStream("/wire/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JSON response with the fixture as body. */
  public static MockResponse.Builder json(int code, String fixturePath) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .body(fixture(fixturePath));
  }

  public static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The recorded request's body, parsed. */
  public static JsonNode body(RecordedRequest request) {
    return parse(request.getBody().utf8());
  }

  /** A request a clinician in cardiology might send. */
  public static ClinicalRequest.Builder request() {
    return ClinicalRequest.builder()
        .caller(Caller.of("u1", "physician", "cardiology", PurposeOfUse.TREATMENT))
        .system("You are a careful clinical assistant.")
        .user("Which tests for new-onset atrial fibrillation?");
  }

  /** One attempt with a system and a user message. */
  public static ModelCall call(String model, GenerationParameters parameters, Duration timeout) {
    return new ModelCall(
        UUID.randomUUID(), 1, model,
        List.of(ChatMessage.system("You are a careful clinical assistant."),
            ChatMessage.user("Which tests for new-onset atrial fibrillation?")),
        parameters, timeout, null);
  }

  public static ModelCall call(String model) {
    return call(model, GenerationParameters.none(), Duration.ofSeconds(5));
  }
}

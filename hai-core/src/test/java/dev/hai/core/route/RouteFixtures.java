package dev.hai.core.route;

import dev.hai.core.Caller;
import dev.hai.core.ChatMessage;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.FinishReason;
import dev.hai.core.GenerationParameters;
import dev.hai.core.PromptInfo;
import dev.hai.core.PurposeOfUse;
import dev.hai.core.Usage;
import dev.hai.core.spi.BackendInfo;
import dev.hai.core.spi.Hosting;
import dev.hai.core.spi.ModelBackend;
import dev.hai.core.spi.ModelCall;
import dev.hai.core.spi.ModelResponse;
import dev.hai.core.spi.PromptResolver;
import dev.hai.core.spi.ResolvedPrompt;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** Backends, a prompt resolver and requests for the route tests. */
final class RouteFixtures {
  private RouteFixtures() {}

  static final Caller CALLER = Caller.of("u-1", "physician", "cardiology", PurposeOfUse.TREATMENT);
  static final byte[] PATIENT_KEY = "p".repeat(32).getBytes(java.nio.charset.StandardCharsets.UTF_8);

  /** Renders prompt "summary": version 1.0.0 for any selector but "2.0.0". */
  static final PromptResolver RESOLVER = ref -> {
    String version = ref.selector().equals("2.0.0") ? "2.0.0" : "1.0.0";
    return new ResolvedPrompt(
        List.of(ChatMessage.user("Summarise (v" + version + ") the note of " + ref.variables().get("note"))),
        new PromptInfo(ref.promptId(), version, (version.equals("2.0.0") ? "cd" : "ab").repeat(32)),
        GenerationParameters.none());
  };

  static ClinicalRequest request(String patientId) {
    return ClinicalRequest.builder().caller(CALLER)
        .prompt("summary", "production", Map.of("note", "Mr. John Smith, phone 555-123-4567"))
        .patientId(patientId).build();
  }

  /** A backend that answers with a function of the call and records the calls. */
  static final class Backend implements ModelBackend {
    final BackendInfo info;
    final List<ModelCall> calls = new CopyOnWriteArrayList<>();
    volatile Function<ModelCall, String> answer;
    volatile boolean closed;

    Backend(String name, Hosting hosting, Function<ModelCall, String> answer) {
      this.info = new BackendInfo(name, "fake", hosting, name + "-model");
      this.answer = answer;
    }

    Backend(String name, String text) {
      this(name, Hosting.LOCAL, call -> text);
    }

    @Override
    public BackendInfo info() {
      return info;
    }

    @Override
    public ModelResponse generate(ModelCall call) {
      calls.add(call);
      return new ModelResponse(answer.apply(call), call.model(), Usage.of(10, 4), FinishReason.STOP, "stop", null);
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}

package dev.hai.eval.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two processes submitting feedback for the same calls into one file: each call is accepted once. */
class JsonlFeedbackStoreProcessTest {
  private static final int CALLS = 300;

  @TempDir Path dir;

  @Test
  void twoProcesses_sameCalls_eachAcceptedExactlyOnce_andOneLinePerCall() throws Exception {
    Path file = dir.resolve("feedback.jsonl");
    Path idsFile = dir.resolve("ids.txt");
    Path go = dir.resolve("go");
    List<String> ids = new ArrayList<>();
    Map<UUID, Instant> calls = new HashMap<>();
    for (int i = 0; i < CALLS; i++) {
      UUID id = UUID.randomUUID();
      ids.add(id.toString());
      calls.put(id, Instant.EPOCH);
    }
    Files.write(idsFile, ids);
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), FeedbackChild.class.getName(), file.toString(), idsFile.toString(),
        go.toString()).redirectErrorStream(true).start();
    int parentAccepted = 0;
    String childResult = null;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        JsonlFeedbackStore store = JsonlFeedbackStore.builder(file).callIndex(CallIndex.of(calls)).build()) {
      assertThat(out.readLine()).isEqualTo("READY");
      Files.createFile(go);
      for (String id : ids) {
        SubmitResult r = store.submit(Feedback.builder(UUID.fromString(id), Verdict.INCORRECT)
            .category(FeedbackCategory.OTHER).clinician("u-parent", "physician").submittedAt(Instant.now()).build());
        parentAccepted += r instanceof SubmitResult.Accepted ? 1 : 0;
      }
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("ACCEPTED ")) {
          childResult = line;
        }
      }
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

      int childAccepted = Integer.parseInt(childResult.substring("ACCEPTED ".length()));
      assertThat(parentAccepted + childAccepted).isEqualTo(CALLS);
      assertThat(Files.readAllLines(file)).hasSize(CALLS);
      assertThat(store.all()).hasSize(CALLS);
      // what each process saw as accepted is what the file holds
      long byParent = store.all().stream().filter(f -> f.clinicianId().equals("u-parent")).count();
      assertThat(byParent).isEqualTo(parentAccepted);
    } finally {
      child.destroyForcibly();
    }
  }
}

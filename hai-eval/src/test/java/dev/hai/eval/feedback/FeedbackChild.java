package dev.hai.eval.feedback;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A second process for {@link JsonlFeedbackStoreProcessTest}: opens the store on the file given,
 * waits for the go file, submits feedback for every call id listed in the ids file, last first (the
 * parent goes first to last, so the two meet in the middle), and prints {@code ACCEPTED <n>}.
 */
public final class FeedbackChild {
  private FeedbackChild() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    List<String> ids = Files.readAllLines(Path.of(args[1]));
    Path go = Path.of(args[2]);
    Map<UUID, Instant> calls = new HashMap<>();
    for (String id : ids) {
      calls.put(UUID.fromString(id), Instant.EPOCH);
    }
    int accepted = 0;
    try (JsonlFeedbackStore store = JsonlFeedbackStore.builder(file).callIndex(CallIndex.of(calls)).build()) {
      System.out.println("READY");
      System.out.flush();
      while (!Files.exists(go)) {
        Thread.sleep(5);
      }
      for (int i = ids.size() - 1; i >= 0; i--) {
        SubmitResult r = store.submit(Feedback.builder(UUID.fromString(ids.get(i)), Verdict.CORRECT)
            .clinician("u-child", "nurse").submittedAt(Instant.now()).build());
        if (r instanceof SubmitResult.Accepted) {
          accepted++;
        }
      }
    }
    System.out.println("ACCEPTED " + accepted);
  }
}

package dev.hai.eval.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hai.core.phi.PhiRedactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlFeedbackStoreTest extends FeedbackStoreContractTest {
  @TempDir Path dir;

  private Path file() {
    return dir.resolve("fb/feedback.jsonl");
  }

  @Override
  protected FeedbackStore newStore(CallIndex calls) {
    return JsonlFeedbackStore.builder(file()).callIndex(calls).build();
  }

  @Override
  protected FeedbackStore reopen(CallIndex calls) {
    return newStore(calls);
  }

  /* --- file --- */

  @Test
  void twoStoresOnOneFile_seeEachOthersSubmissions() {
    UUID call = knownCall(T0);
    FeedbackStore first = track(newStore(calls));
    FeedbackStore second = track(newStore(calls));
    first.submit(incorrect(call, T0.plusSeconds(1)));

    SubmitResult r = second.submit(incorrect(call, T0.plusSeconds(2)));

    assertThat(r).isInstanceOf(SubmitResult.Duplicate.class);
    assertThat(second.get(call)).isPresent();
  }

  @Test
  void tornLastLine_isCutAndTheFileStaysUsable() throws IOException {
    UUID a = knownCall(T0);
    UUID b = knownCall(T0);
    FeedbackStore s = track(newStore(calls));
    s.submit(incorrect(a, T0.plusSeconds(1)));
    s.close();
    Files.writeString(file(), "{\"schema\":1,\"call_id\":\"" + b, StandardOpenOption.APPEND);

    FeedbackStore again = track(newStore(calls));
    SubmitResult r = again.submit(incorrect(b, T0.plusSeconds(3)));

    assertThat(r).isInstanceOf(SubmitResult.Accepted.class);
    assertThat(Files.readAllLines(file())).hasSize(2);
    assertThat(track(newStore(calls)).all()).hasSize(2);
  }

  @Test
  void corruptLine_errorNamesFileAndLine_butNotItsText() throws IOException {
    Files.createDirectories(file().getParent());
    Files.writeString(file(), "{\"schema\":1,\"call_id\":\"not-a-uuid\",\"correction\":\"John Smith\"}\n",
        StandardCharsets.UTF_8);

    assertThatThrownBy(() -> newStore(calls)).isInstanceOf(FeedbackStoreException.class)
        .hasMessageContaining("feedback.jsonl:1").hasMessageNotContaining("John");
  }

  @Test
  void redactCorrections_masksIdentifiersBeforeWriting() throws IOException {
    UUID call = knownCall(T0);
    FeedbackStore s = track(JsonlFeedbackStore.builder(file()).callIndex(calls)
        .redactCorrections(PhiRedactor.defaults()).build());

    SubmitResult r = s.submit(Feedback.builder(call, Verdict.PARTIALLY_CORRECT).category(FeedbackCategory.OMISSION)
        .correction("Call the patient at 555-867-5309 about MRN 12345678.").clinician("u-1", "nurse")
        .submittedAt(T0.plusSeconds(1)).build());

    String written = Files.readString(file());
    assertThat(written).doesNotContain("555-867-5309").contains("[PHONE]");
    assertThat(((SubmitResult.Accepted) r).feedback().correction()).doesNotContain("867");
  }

  @Test
  void newFile_isOwnerOnly() throws IOException {
    track(newStore(calls));

    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file())))
        .isEqualTo("rw-------");
  }

  @Test
  void build_withoutCallIndex_throwsNamingIt() {
    assertThatThrownBy(() -> JsonlFeedbackStore.builder(file()).build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("callIndex");
  }

  /* --- Feedback --- */

  @Test
  void feedback_incorrectWithoutCategory_throwsNamingTheChoices() {
    assertThatThrownBy(() -> Feedback.builder(UUID.randomUUID(), Verdict.INCORRECT).clinician("u", "r")
        .submittedAt(T0).build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("category is required").hasMessageContaining("UNSAFE");
  }

  @Test
  void feedback_correctWithCategory_throws() {
    assertThatThrownBy(() -> Feedback.builder(UUID.randomUUID(), Verdict.CORRECT).category(FeedbackCategory.OTHER)
        .clinician("u", "r").submittedAt(T0).build()).isInstanceOf(IllegalArgumentException.class);
  }

  /* --- CallIndex --- */

  @Test
  void callIndexOfMap_knowsOnlyItsCalls() {
    UUID id = UUID.randomUUID();
    CallIndex index = CallIndex.of(java.util.Map.of(id, T0));

    assertThat(index.callTime(id)).contains(T0);
    assertThat(index.callTime(UUID.randomUUID())).isEmpty();
  }
}

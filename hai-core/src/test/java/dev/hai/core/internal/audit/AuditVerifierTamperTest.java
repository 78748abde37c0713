package dev.hai.core.internal.audit;

import static dev.hai.core.internal.audit.AuditFixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hai.core.audit.AuditChain;
import dev.hai.core.audit.AuditRecord;
import dev.hai.core.audit.AuditVerification;
import dev.hai.core.audit.AuditVerification.Problem;
import dev.hai.core.audit.AuditVerifier;
import dev.hai.core.audit.FileAuditSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of tampering, and the exact first record the verifier names for it. */
class AuditVerifierTamperTest {
  private static final int N = 10;

  @TempDir Path dir;
  private final List<AuditRecord> written = new ArrayList<>();

  private Path writeLog(byte[] key) throws IOException {
    FileAuditSink.Builder b = FileAuditSink.builder(dir);
    if (key != null) {
      b.chainKey(key);
    }
    try (FileAuditSink sink = b.build()) {
      for (int i = 0; i < N; i++) {
        written.add(sink.append(record("success")));
      }
    }
    return LogFiles.list(dir).get(0).path();
  }

  private static List<String> read(Path file) throws IOException {
    return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  private static void write(Path file, List<String> lines) throws IOException {
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  private AuditVerification.Break verifyBroken(Optional<byte[]> key) {
    AuditVerification v = AuditVerifier.verify(dir, key);
    assertThat(v.ok()).as("the verifier finds the tampering").isFalse();
    return v.firstBreak();
  }

  private void assertBreak(AuditVerification.Break b, Problem problem, int line, AuditRecord expected) {
    assertThat(b.problem()).isEqualTo(problem);
    assertThat(b.line()).isEqualTo(line);
    assertThat(b.recordId()).isEqualTo(expected.id().toString());
  }

  @Test
  void verify_untouchedLog_isOk() throws IOException {
    writeLog(null);
    AuditVerification v = AuditVerifier.verify(dir, Optional.empty());
    assertThat(v.ok()).isTrue();
    assertThat(v.records()).isEqualTo(N);
    assertThat(v.lastHash()).isEqualTo(written.get(N - 1).hash());
  }

  @Test
  void verify_emptyDirectory_isOk() {
    AuditVerification v = AuditVerifier.verify(dir, Optional.empty());
    assertThat(v.ok()).isTrue();
    assertThat(v.records()).isZero();
    assertThat(v.lastHash()).isEqualTo(AuditChain.GENESIS);
  }

  @Test
  void verify_editedRecord_namesItAsEdited() throws IOException {
    Path file = writeLog(null);
    List<String> lines = read(file);
    lines.set(4, lines.get(4).replace("\"outcome\":\"success\"", "\"outcome\":\"rejected\""));
    write(file, lines);

    assertBreak(verifyBroken(Optional.empty()), Problem.EDITED, 5, written.get(4));
  }

  @Test
  void verify_editedAndRehashedWithoutTheKey_isCaughtWithTheKey() throws IOException {
    Path file = writeLog(AuditFixtures.CHAIN_KEY);
    List<String> lines = read(file);
    // An insider without the key edits record 5 and re-computes every hash from there on with plain
    // SHA-256, keeping the chain internally consistent.
    String prev = written.get(3).hash();
    for (int i = 4; i < N; i++) {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) parse(lines.get(i));
      if (i == 4) {
        m.put("outcome", "rejected");
      }
      m.put("prev", prev);
      m.remove("hash");
      String hash = AuditChain.hash(CanonicalJson.write(m), null);
      m.put("hash", hash);
      lines.set(i, CanonicalJson.write(m));
      prev = hash;
    }
    write(file, lines);

    assertBreak(verifyBroken(Optional.of(AuditFixtures.CHAIN_KEY)), Problem.EDITED, 5, written.get(4));
  }

  @Test
  void verify_bytesThatAreNotUtf8_areEdited() throws IOException {
    Path file = writeLog(null);
    byte[] all = Files.readAllBytes(file);
    int at = new String(all, StandardCharsets.UTF_8).indexOf("cardiology", Files.readAllLines(file).get(0).length() * 2);
    all[at] = (byte) 0xFF;
    Files.write(file, all);

    assertBreak(verifyBroken(Optional.empty()), Problem.EDITED, 3, written.get(2));
  }

  @Test
  void verify_deletedRecord_namesTheRecordAfterTheGap() throws IOException {
    Path file = writeLog(null);
    List<String> lines = read(file);
    lines.remove(3);
    write(file, lines);

    AuditVerification.Break b = verifyBroken(Optional.empty());
    assertBreak(b, Problem.DELETED, 4, written.get(4));
    assertThat(b.detail()).contains("seq 4");
  }

  @Test
  void verify_deletedFirstRecord_isDeleted() throws IOException {
    Path file = writeLog(null);
    List<String> lines = read(file);
    lines.remove(0);
    write(file, lines);

    assertBreak(verifyBroken(Optional.empty()), Problem.DELETED, 1, written.get(1));
  }

  @Test
  void verify_reorderedRecords_namesTheFirstOutOfPlace() throws IOException {
    Path file = writeLog(null);
    List<String> lines = read(file);
    String a = lines.get(5);
    lines.set(5, lines.get(6));
    lines.set(6, a);
    write(file, lines);

    assertBreak(verifyBroken(Optional.empty()), Problem.REORDERED, 6, written.get(6));
  }

  @Test
  void verify_duplicatedRecord_namesTheCopy() throws IOException {
    Path file = writeLog(null);
    List<String> lines = read(file);
    lines.add(3, lines.get(2));
    write(file, lines);

    AuditVerification.Break b = verifyBroken(Optional.empty());
    assertThat(b.problem()).isEqualTo(Problem.INSERTED);
    assertThat(b.line()).isEqualTo(4);
  }

  @Test
  void verify_forgedRecordWithConsistentHash_namesTheForgery() throws IOException {
    Path file = writeLog(null);
    List<String> lines = read(file);
    AuditRecord forged = AuditChain.seal(record("success"), 4, written.get(2).hash(), null);
    lines.add(3, AuditChain.canonicalJson(forged, true));
    write(file, lines);

    assertBreak(verifyBroken(Optional.empty()), Problem.INSERTED, 4, forged);
  }

  @Test
  void verify_forgedRecordWithoutTheKey_namesTheForgery() throws IOException {
    Path file = writeLog(AuditFixtures.CHAIN_KEY);
    List<String> lines = read(file);
    AuditRecord forged = AuditChain.seal(record("success"), 4, written.get(2).hash(), AuditFixtures.key('z'));
    lines.add(3, AuditChain.canonicalJson(forged, true));
    write(file, lines);

    assertBreak(verifyBroken(Optional.of(AuditFixtures.CHAIN_KEY)), Problem.INSERTED, 4, forged);
  }

  @Test
  void verify_truncatedLastRecord_isTruncated() throws IOException {
    Path file = writeLog(null);
    byte[] all = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(all, all.length - 40));

    AuditVerification.Break b = verifyBroken(Optional.empty());
    assertThat(b.problem()).isEqualTo(Problem.TRUNCATED);
    assertThat(b.line()).isEqualTo(N);
  }

  @Test
  void verify_deletedMiddleFile_isDeletedAtTheFirstRecordOfTheNextFile() throws IOException {
    try (FileAuditSink sink = FileAuditSink.builder(dir).maxFileBytes(4096).build()) {
      for (int i = 0; i < 30; i++) {
        written.add(sink.append(record("success")));
      }
    }
    List<LogFiles.LogFile> files = LogFiles.list(dir);
    assertThat(files.size()).isGreaterThanOrEqualTo(3);
    long inFirst = Files.readAllLines(files.get(0).path()).size();
    long inSecond = Files.readAllLines(files.get(1).path()).size();
    Files.delete(files.get(1).path());

    AuditVerification.Break b = verifyBroken(Optional.empty());
    assertThat(b.problem()).isEqualTo(Problem.DELETED);
    assertThat(b.file()).isEqualTo(files.get(2).path());
    assertThat(b.line()).isEqualTo(1);
    assertThat(b.recordId()).isEqualTo(written.get((int) (inFirst + inSecond)).id().toString());
  }

  private static Object parse(String line) {
    try {
      return CanonicalJson.parse(line);
    } catch (CanonicalJson.MalformedException e) {
      throw new AssertionError(e);
    }
  }
}

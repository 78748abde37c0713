package dev.hai.core.internal.audit;

import dev.hai.core.Usage;
import dev.hai.core.audit.AuditRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Records, keys and readers shared by the audit tests. */
public final class AuditFixtures {
  public static final byte[] CHAIN_KEY = key('c');
  public static final byte[] PATIENT_KEY = key('p');

  private AuditFixtures() {}

  public static byte[] key(char fill) {
    byte[] k = new byte[32];
    Arrays.fill(k, (byte) fill);
    return k;
  }

  /** An unsealed record with a fresh id. */
  public static AuditRecord record(String outcome) {
    return AuditRecord.builder()
        .id(UUID.randomUUID())
        .time(Instant.parse("2026-11-26T08:00:00Z"))
        .callId(UUID.randomUUID())
        .tenant("cardiology")
        .actorId("u-1")
        .actorRole("physician")
        .purposeOfUse("TREATMENT")
        .backend("fake")
        .model("fake-model")
        .outcome(outcome)
        .attempts(1)
        .usage(Usage.of(12, 5))
        .latencyMicros(1234)
        .inputSha256("a".repeat(64))
        .outputSha256("b".repeat(64))
        .build();
  }

  /** Every line of every log file, in log order. */
  public static List<String> lines(Path dir) throws IOException {
    List<String> lines = new ArrayList<>();
    for (LogFiles.LogFile f : LogFiles.list(dir)) {
      String text = Files.readString(f.path(), StandardCharsets.UTF_8);
      for (String l : text.split("\n")) {
        if (!l.isEmpty()) {
          lines.add(l);
        }
      }
    }
    return lines;
  }

  /** Every record of the log, parsed. */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> records(Path dir) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String l : lines(dir)) {
      try {
        out.add((Map<String, Object>) CanonicalJson.parse(l));
      } catch (CanonicalJson.MalformedException e) {
        throw new AssertionError("unreadable line: " + l, e);
      }
    }
    return out;
  }

  /** The text of a field of a parsed record (numbers as written). */
  public static String field(Map<String, Object> record, String name) {
    Object v = record.get(name);
    return v instanceof CanonicalJson.Num n ? n.text() : String.valueOf(v);
  }
}

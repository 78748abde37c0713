package dev.hai.core.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hai.core.Usage;
import dev.hai.core.audit.AuditChain;
import dev.hai.core.audit.AuditEvent;
import dev.hai.core.audit.AuditRecord;
import dev.hai.core.audit.AuditVerifier;
import dev.hai.core.audit.FileAuditSink;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The caller-side serialisation writes exactly the bytes of AuditChain.sealToLine. */
class PreparedRecordTest {
  @TempDir Path dir;

  private static final String[] NASTY = {
    "plain", "quote \" and backslash \\ and \\\"", "tab\tnew\nline\rcr\bbs\ffeed", "ctl \u0001\u001f\u0000",
    "ümlaut, 中文, emoji \uD83D\uDE00, lone \uD800", "\u2028\u2029 separators", "{\"hash\":\"x\",\"prev\":1}",
    ",\"seq\":7,", "",
  };

  /** A varied sample: every optional field both set and null, strings that need escaping. */
  static List<AuditRecord> sample() {
    Random rnd = new Random(4711);
    List<AuditRecord> out = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      boolean full = i % 2 == 0;
      String s = NASTY[i % NASTY.length];
      out.add(AuditRecord.builder()
          .id(new UUID(rnd.nextLong(), rnd.nextLong()))
          .time(Instant.ofEpochSecond(1_790_000_000L + rnd.nextInt(1_000_000), rnd.nextInt(1_000_000_000)))
          .callId(new UUID(rnd.nextLong(), rnd.nextLong()))
          .tenant("tenant " + s)
          .actorId("actor" + i)
          .actorRole("role " + s)
          .purposeOfUse("TREATMENT")
          .patientRef(full ? "hmac-sha256:" + "f".repeat(64) : null)
          .promptId(full ? "prompt/" + s : null)
          .promptVersion(full ? "v" + i : null)
          .promptSha256(full ? "c".repeat(64) : null)
          .backend(i % 3 == 0 ? null : "backend")
          .model(i % 5 == 0 ? null : "model " + s)
          .outcome(i % 4 == 0 ? "success" : "unavailable")
          .outcomeDetail(i % 4 == 0 ? null : "DEADLINE_EXCEEDED")
          .outcomeReason(i % 4 == 0 ? null : "reason " + s + "x".repeat(i * 3))
          .attempts(i % 7)
          .usage(new Usage(rnd.nextInt(100_000), rnd.nextInt(1000), i, i / 2))
          .latencyMicros(rnd.nextLong() & Long.MAX_VALUE)
          .inputSha256(full ? "a".repeat(64) : null)
          .outputSha256(i % 3 == 1 ? "b".repeat(64) : null)
          .contentInput(i % 6 == 0 ? "[{\"content\":\"" + s + "\"}]" : null)
          .contentOutput(i % 6 == 0 ? "out " + s : null)
          .event(i % 10 == 5 ? new AuditEvent("prompt.label", "p@" + s, i % 20 == 5 ? null : "1.0.0", "2.0.0") : null)
          .build());
    }
    return out;
  }

  private static byte[] line(PreparedRecord p, PreparedRecord.Hasher h, long seq, String prev, byte[] chainHex) {
    System.arraycopy(prev.getBytes(StandardCharsets.US_ASCII), 0, chainHex, 0, 64);
    p.hash(h, seq, chainHex, 0, chainHex, 64);
    ByteBuffer buf = ByteBuffer.allocate(p.lineLength(seq));
    p.writeLine(buf, h, seq, chainHex, 0, 64);
    assertThat(buf.remaining()).isZero();
    return buf.array();
  }

  @Test
  void preparedLine_isByteIdenticalToSealToLine_withAndWithoutChainKey() {
    long[] seqs = {1, 9, 10, 99, 100, 12_345, 999_999_999_999L, Long.MAX_VALUE};
    for (byte @Nullable [] key : Arrays.asList(null, AuditFixtures.CHAIN_KEY)) {
      String chain = key == null ? AuditChain.SHA256 : AuditChain.HMAC_SHA256;
      PreparedRecord.Hasher h = new PreparedRecord.Hasher(key);
      String prev = AuditChain.GENESIS;
      int i = 0;
      for (AuditRecord r : sample()) {
        long seq = seqs[i++ % seqs.length];
        AuditChain.Sealed expected = AuditChain.sealToLine(r, seq, prev, key);
        PreparedRecord p = PreparedRecord.of(r, chain);
        byte[] chainHex = new byte[128];
        byte[] actual = line(p, h, seq, prev, chainHex);

        byte[] expectedBytes = (expected.line() + "\n").getBytes(StandardCharsets.UTF_8);
        assertThat(new String(actual, StandardCharsets.UTF_8))
            .isEqualTo(new String(expectedBytes, StandardCharsets.UTF_8)); // a readable diff first
        assertThat(actual).isEqualTo(expectedBytes);
        String hash = new String(chainHex, 64, 64, StandardCharsets.US_ASCII);
        assertThat(p.sealed(seq, prev, hash)).isEqualTo(expected.record());
        prev = expected.record().hash();
      }
    }
  }

  @Test
  void sink_writesTheSameBytesAsSealToLine_andReturnsTheSameRecords() throws Exception {
    List<AuditRecord> sample = sample();
    for (byte @Nullable [] key : Arrays.asList(null, AuditFixtures.CHAIN_KEY)) {
      Path d = Files.createDirectory(dir.resolve(key == null ? "plain" : "hmac"));
      List<AuditRecord> returned = new ArrayList<>();
      FileAuditSink.Builder b = FileAuditSink.builder(d).maxFileBytes(16 * 1024);
      if (key != null) {
        b.chainKey(key);
      }
      try (FileAuditSink sink = b.build()) {
        for (AuditRecord r : sample) {
          returned.add(sink.append(r));
        }
      }
      StringBuilder expected = new StringBuilder();
      String prev = AuditChain.GENESIS;
      for (int i = 0; i < sample.size(); i++) {
        AuditChain.Sealed s = AuditChain.sealToLine(sample.get(i), i + 1, prev, key);
        expected.append(s.line()).append('\n');
        assertThat(returned.get(i)).isEqualTo(s.record());
        prev = s.record().hash();
      }
      java.io.ByteArrayOutputStream written = new java.io.ByteArrayOutputStream();
      List<LogFiles.LogFile> files = LogFiles.list(d);
      assertThat(files.size()).isGreaterThan(1); // rotation mid-run keeps the chain and the bytes
      for (LogFiles.LogFile f : files) {
        written.write(Files.readAllBytes(f.path()));
      }
      byte[] expectedBytes = expected.toString().getBytes(StandardCharsets.UTF_8);
      assertThat(written.toString(StandardCharsets.UTF_8))
          .isEqualTo(new String(expectedBytes, StandardCharsets.UTF_8));
      assertThat(written.toByteArray()).isEqualTo(expectedBytes);
      assertThat(AuditVerifier.verify(d, Optional.ofNullable(key)).ok()).isTrue();
    }
  }

  @Test
  void sink_recordLargerThanTheWriteBuffer_isWrittenWhole() throws Exception {
    AuditRecord small = sample().get(1);
    AuditRecord big = sample().get(0);
    big = big.toBuilder().contentInput("ü".repeat(200_000)).contentOutput("x").build();
    List<AuditRecord> records = List.of(small, big, small, big, small);
    try (FileAuditSink sink = FileAuditSink.builder(dir).build()) {
      for (AuditRecord r : records) {
        sink.append(r);
      }
    }
    StringBuilder expected = new StringBuilder();
    String prev = AuditChain.GENESIS;
    for (int i = 0; i < records.size(); i++) {
      AuditChain.Sealed s = AuditChain.sealToLine(records.get(i), i + 1, prev, null);
      expected.append(s.line()).append('\n');
      prev = s.record().hash();
    }
    assertThat(Files.readAllBytes(LogFiles.list(dir).get(0).path()))
        .isEqualTo(expected.toString().getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void writeWithHoles_fillsToTheCanonicalForm() {
    Map<String, Object> m = new TreeMap<>();
    m.put("a", "x\"y");
    m.put("c", List.of(1L, "z"));
    m.put("e", null);
    String[] parts = CanonicalJson.writeWithHoles(m, "b", "d");
    assertThat(parts[0] + "\"b\":5," + parts[1] + "\"d\":\"q\"," + parts[2])
        .isEqualTo("{\"a\":\"x\\\"y\",\"b\":5,\"c\":[1,\"z\"],\"d\":\"q\",\"e\":null}");
    assertThatThrownBy(() -> CanonicalJson.writeWithHoles(m, "0")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CanonicalJson.writeWithHoles(m, "f")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CanonicalJson.writeWithHoles(m, "c")).isInstanceOf(IllegalArgumentException.class);
  }
}

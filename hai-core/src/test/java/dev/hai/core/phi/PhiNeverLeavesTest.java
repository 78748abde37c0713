package dev.hai.core.phi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hai.core.BackendFailure;
import dev.hai.core.Caller;
import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.ClinicalResult;
import dev.hai.core.PurposeOfUse;
import dev.hai.core.RetryPolicy;
import dev.hai.core.audit.ContentRedactor;
import dev.hai.core.audit.FileAuditSink;
import dev.hai.core.spi.BackendException;
import dev.hai.core.spi.FailureKind;
import dev.hai.core.testing.FakeBackend;
import dev.hai.core.testing.TestLoggingProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Generated notes with planted identifiers go through a real client whose backends do the worst
 * they can: one fails with an error message that quotes the whole note, one throws an exception
 * that quotes it, the last answers by echoing it. With content capture on, no planted identifier
 * may appear in HAI's log output (every level), in the audit trail on disk, in the result's
 * string form, or in the failures the result reports.
 */
class PhiNeverLeavesTest {
  private static final PhiRedactorPropertyTest PLANTS = new PhiRedactorPropertyTest();
  private static final PhiRedactor HOSPITAL = PhiRedactor.builder().names(PhiRedactorPropertyTest.DICTIONARY).build();

  @Property(tries = 60)
  void plantedIdentifiers_neverReachLogsResultsOrTheAuditTrail(@ForAll("notes") List<Object> parts)
      throws IOException {
    StringBuilder note = new StringBuilder("Summarise: ");
    List<String> secrets = new ArrayList<>();
    for (Object p : parts) {
      if (p instanceof PhiRedactorPropertyTest.Plant plant) {
        note.append(plant.text());
        secrets.add(plant.secret());
      } else {
        note.append(p);
      }
      note.append(' ');
    }
    String text = note.toString();
    FakeBackend quoting = new FakeBackend("quoting").thenFail(BackendException.builder(
        FailureKind.INVALID_REQUEST, "invalid 'messages[1].content': '" + text + "'").statusCode(400).build());
    FakeBackend throwing = new FakeBackend("throwing").then(c -> {
      throw new IllegalStateException("cannot tokenise " + c.messages().get(1).content(),
          new IllegalArgumentException("at " + text));
    });
    FakeBackend echoing = new FakeBackend("echoing").thenAnswer(text);

    Path dir = Files.createTempDirectory("hai-phi-leak");
    ClinicalResult result;
    List<String> logs;
    TestLoggingProvider.startCapture();
    try (FileAuditSink sink = FileAuditSink.builder(dir).build();
        ClinicalModelClient client = ClinicalModelClient.builder()
            .backend(quoting, RetryPolicy.none())
            .backend(throwing, RetryPolicy.none())
            .backend(echoing, RetryPolicy.none())
            .phiRedactor(HOSPITAL)
            .auditSink(sink)
            .auditContentCapture(ContentRedactor.phi(HOSPITAL))
            .build()) {
      result = client.call(ClinicalRequest.builder()
          .caller(Caller.of("u-1", "physician", "cardiology", PurposeOfUse.TREATMENT))
          .system("You summarise notes.")
          .user(text)
          .build());
    } finally {
      logs = TestLoggingProvider.stopCapture();
    }
    String audit = readAll(dir);

    assertThat(result).isInstanceOf(ClinicalResult.Success.class);
    assertThat(((ClinicalResult.Success) result).failures()).hasSize(2);
    assertThat(logs).as("log lines").isNotEmpty();
    assertThat(audit).contains("\"content\":{");
    List<String> places = new ArrayList<>(logs);
    places.add(audit);
    places.add(result.toString());
    ((ClinicalResult.Success) result).failures().stream().map(BackendFailure::message).forEach(places::add);
    for (String secret : secrets) {
      Pattern p = Pattern.compile("(?<![A-Za-z0-9])" + Pattern.quote(secret) + "(?![A-Za-z0-9])");
      for (String place : places) {
        assertThat(p.matcher(place).find()).as("%s leaked into: %s", secret, place).isFalse();
      }
    }
  }

  @Provide
  Arbitrary<List<Object>> notes() {
    Arbitrary<Object> part = Arbitraries.oneOf(
        Arbitraries.of(PhiRedactorPropertyTest.FILLER).map(o -> (Object) o),
        names(), PLANTS.dates(), PLANTS.phones(), PLANTS.emails(), PLANTS.ssns(), PLANTS.mrns());
    return part.list().ofMinSize(1).ofMaxSize(10);
  }

  /** Names from the hospital's dictionary, with or without a clinical cue, in either case. */
  private Arbitrary<Object> names() {
    Arbitrary<String> cue = Arbitraries.of("", "Pt ", "Dr. ", "Mrs. ", "Signed: ", "her daughter ", "Patient: ");
    return Combinators.combine(cue, Arbitraries.of(PhiRedactorPropertyTest.DICTIONARY), Arbitraries.of(true, false))
        .as((c, n, lower) -> new PhiRedactorPropertyTest.Plant(c + (lower ? n.toLowerCase() : n),
            lower ? n.toLowerCase() : n));
  }

  private static String readAll(Path dir) throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        all.append(Files.readString(f, StandardCharsets.UTF_8)).append('\n');
      }
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    return all.toString();
  }
}

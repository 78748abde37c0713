package dev.hai.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hai.core.audit.AuditRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The project's front door says what the code does: the results and audit outcomes named in the
 * guides are the ones the code has, every guide is listed in the README, and every benchmark has a
 * command to run it. Reads the checkout's Markdown files (the test runs in hai-core's directory).
 */
class DocsConsistencyTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private static String read(String relative) throws IOException {
    return Files.readString(ROOT.resolve(relative), StandardCharsets.UTF_8);
  }

  /** The part of a Markdown file from a heading to the next heading of any level. */
  private static String section(String markdown, String heading) {
    int start = markdown.indexOf("\n" + heading + "\n");
    assertThat(start).as("heading %s", heading).isNotNegative();
    int end = markdown.indexOf("\n#", start + heading.length() + 2);
    return end < 0 ? markdown.substring(start) : markdown.substring(start, end);
  }

  private static List<String> resultNames() {
    return Arrays.stream(ClinicalResult.class.getPermittedSubclasses()).map(Class::getSimpleName).toList();
  }

  private static String snakeCase(String name) {
    return name.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  @Test
  void everyResultRecordIsNamedInThePipelineGuideAndTheReadmes() throws IOException {
    String results = section(read("docs/pipeline.md"), "## Results");
    String readme = read("README.md");
    String coreReadme = read("hai-core/README.md");
    for (String name : resultNames()) {
      assertThat(results).as("docs/pipeline.md, Results").contains("`" + name + "`");
      assertThat(readme).as("README.md").contains("`" + name + "`");
      assertThat(coreReadme).as("hai-core/README.md").contains("`" + name + "`");
    }
  }

  @Test
  void theSchemaAndTheAuditGuideListEveryOutcome() throws IOException {
    Set<String> expected = new TreeSet<>();
    resultNames().forEach(n -> expected.add(snakeCase(n)));
    expected.add("error");
    expected.add(AuditRecord.EVENT_OUTCOME);

    JsonNode schema;
    try (InputStream in = AuditRecord.class.getResourceAsStream("audit-record-v1.schema.json")) {
      schema = new ObjectMapper().readTree(in);
    }
    Set<String> inSchema = new TreeSet<>();
    schema.path("properties").path("outcome").path("enum").forEach(n -> inSchema.add(n.asText()));
    assertThat(inSchema).isEqualTo(expected);

    String guide = read("docs/audit-format.md");
    String perCall = section(guide, "## One record per call");
    for (String outcome : expected) {
      if (outcome.equals(AuditRecord.EVENT_OUTCOME)) {
        assertThat(section(guide, "## Administrative events")).contains("`" + outcome + "`");
      } else if (outcome.equals("audit_failure")) {
        assertThat(perCall).contains("`audit_failure`");
      } else {
        assertThat(perCall).as("outcome table row of %s", outcome).contains("| `" + outcome + "` |");
      }
    }
  }

  @Test
  void theOutcomeTableEndsBeforeTheTextAfterIt() throws IOException {
    // A line right after a Markdown table, without a blank line, renders as one more table row.
    List<String> lines = read("docs/audit-format.md").lines().toList();
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i - 1).startsWith("|") && !lines.get(i).isBlank()) {
        assertThat(lines.get(i)).as("line %d of docs/audit-format.md follows a table row", i + 1).startsWith("|");
      }
    }
  }

  @Test
  void theReadmeListsEveryGuide() throws IOException {
    String docs = section(read("README.md"), "## Docs");
    List<String> missing = new ArrayList<>();
    try (Stream<Path> guides = Files.list(ROOT.resolve("docs"))) {
      guides.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".md")).sorted()
          .filter(n -> !docs.contains("(docs/" + n + ")")).forEach(missing::add);
    }
    assertThat(missing).as("guides in docs/ not listed under README.md's Docs").isEmpty();
  }

  @Test
  void everyRelativeLinkInTheDocsResolves() throws IOException {
    List<Path> pages = new ArrayList<>();
    pages.add(ROOT.resolve("README.md"));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs")); Stream<Path> modules = Files.list(ROOT)) {
      docs.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
      modules.map(d -> d.resolve("README.md")).filter(Files::isRegularFile).forEach(pages::add);
    }
    Pattern link = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    List<String> broken = new ArrayList<>();
    for (Path page : pages) {
      Matcher m = link.matcher(Files.readString(page, StandardCharsets.UTF_8));
      while (m.find()) {
        String target = m.group(1);
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        if (target.matches("^[a-z]+:.*") || file.isEmpty()) {
          continue; // a web address, or an anchor in the same page
        }
        if (!Files.exists(page.getParent().resolve(file))) {
          broken.add(ROOT.relativize(page) + ": " + target);
        }
      }
    }
    assertThat(pages).hasSizeGreaterThan(10);
    assertThat(broken).isEmpty();
  }

  @Test
  void everyBenchmarkHasARunCommand() throws IOException {
    String readme = read("benchmarks/README.md");
    List<String> commands = readme.lines()
        .filter(l -> l.startsWith("java -jar benchmarks/target/benchmarks.jar ")).toList();
    Set<String> benchmarks;
    try (Stream<Path> files = Files.list(ROOT.resolve("benchmarks/src/main/java/dev/hai/benchmarks"))) {
      benchmarks = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("Benchmark.java"))
          .map(n -> n.substring(0, n.length() - ".java".length())).collect(Collectors.toCollection(TreeSet::new));
    }
    assertThat(benchmarks).isNotEmpty();
    Pattern arg = Pattern.compile("^java -jar benchmarks/target/benchmarks\\.jar (\"[^\"]+\"|\\S+)");
    for (String benchmark : benchmarks) {
      boolean run = commands.stream().anyMatch(c -> {
        Matcher m = arg.matcher(c);
        return m.find() && Pattern.compile(m.group(1).replace("\"", "")).matcher(benchmark).find();
      });
      assertThat(run).as("a run command in benchmarks/README.md selects %s", benchmark).isTrue();
      assertThat(readme).as("benchmarks/README.md describes %s", benchmark).contains("`" + benchmark + "`");
    }
  }
}

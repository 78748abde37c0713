package dev.hai.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {

  @TempDir Path dir;

  /* --- examples --- */

  @Test
  void example_medicationExtraction_hasAtLeast50ValidItemsWithItems() {
    Dataset d = Dataset.example(Dataset.MEDICATION_EXTRACTION);

    assertThat(d.size()).isGreaterThanOrEqualTo(50);
    assertThat(d.items()).allSatisfy(i -> {
      assertThat(i.input()).containsKey("note");
      assertThat(i.expected().items()).isNotEmpty();
      assertThat(i.tags()).containsKeys("specialty", "difficulty", "population");
    });
  }

  @Test
  void example_triage_hasAtLeast50ItemsOverThreeLabels() {
    Dataset d = Dataset.example(Dataset.TRIAGE_URGENCY);

    assertThat(d.size()).isGreaterThanOrEqualTo(50);
    assertThat(d.labels()).containsExactly("emergency", "routine", "urgent");
    assertThat(d.items()).filteredOn(i -> "true".equals(i.tag("red_flag")))
        .isNotEmpty()
        .allSatisfy(i -> assertThat(i.expected().label()).isEqualTo("emergency"));
  }

  @Test
  void example_version_isTheSha256OfTheFileBytes() throws IOException {
    byte[] bytes;
    try (InputStream in = Dataset.class.getResourceAsStream("datasets/" + Dataset.TRIAGE_URGENCY)) {
      bytes = in.readAllBytes();
    }
    Dataset d = Dataset.example(Dataset.TRIAGE_URGENCY);

    assertThat(d.sha256()).isEqualTo(dev.hai.eval.internal.Jsons.sha256Hex(bytes)).hasSize(64);
    assertThat(d.version()).isEqualTo(d.sha256().substring(0, 12));
  }

  @Test
  void example_unknownName_saysWhichExist() {
    assertThatThrownBy(() -> Dataset.example("nope.jsonl"))
        .isInstanceOf(EvalException.class)
        .hasMessageContaining(Dataset.MEDICATION_EXTRACTION);
  }

  /* --- load --- */

  @Test
  void load_changedContent_changesVersion() throws IOException {
    Path a = write("a.jsonl", line("x-1", "cat"));
    Path b = write("b.jsonl", line("x-1", "dog"));

    assertThat(Dataset.load(a).sha256()).isNotEqualTo(Dataset.load(b).sha256());
    assertThat(Dataset.load(a).sha256()).isEqualTo(Dataset.load(a).sha256());
  }

  @Test
  void load_allExpectedKinds_areRead() throws IOException {
    Path f = write("k.jsonl",
        "{\"id\":\"a\",\"input\":{\"q\":\"x\"},\"expected\":{\"text\":\"t\",\"label\":\"L\",\"items\":[\"i1\",\"i2\"],"
            + "\"json\":{\"k\":[1,2]}},\"tags\":{\"t\":\"v\"},\"notes\":\"n\"}\n\n");

    DatasetItem item = Dataset.load(f).items().get(0);

    assertThat(item.expected()).isEqualTo(new Expected("t", "L", List.of("i1", "i2"), "{\"k\":[1,2]}"));
    assertThat(item.tags()).containsEntry("t", "v");
    assertThat(item.notes()).isEqualTo("n");
  }

  @Test
  void load_badLines_nameFileAndLineWithoutQuotingThem() throws IOException {
    String good = line("ok-1", "fine");
    String[][] cases = {
        {"{\"id\":\"b\",\"input\":{\"note\":\"SECRET\"},\"expected\":{\"label\":\"x\"}", "not valid JSON"},
        {"{\"input\":{\"note\":\"SECRET\"},\"expected\":{\"label\":\"x\"}}", "'id' is required"},
        {"{\"id\":\"b\",\"input\":{\"note\":\"SECRET\"},\"expected\":{\"label\":\"x\"},\"tag\":{}}", "unknown field 'tag'"},
        {"{\"id\":\"b\",\"input\":{\"note\":\"SECRET\"},\"expected\":{}}", "at least one of text, label, items, json"},
        {"{\"id\":\"b\",\"input\":{\"note\":\"SECRET\"},\"expected\":{\"items\":[\"SECRET\",3]}}", "only non-blank strings"},
        {"{\"id\":\"b\",\"input\":{},\"expected\":{\"label\":\"x\"}}", "at least one variable"},
        {"{\"id\":\"b\",\"input\":{\"note\":7},\"expected\":{\"label\":\"x\"}}", "'input.note' must be a string"},
        {"{\"id\":\"ok-1\",\"input\":{\"note\":\"SECRET\"},\"expected\":{\"label\":\"x\"}}", "already used on line 1"},
        {"[\"SECRET\"]", "must be a JSON object"},
        {"{\"id\":\"b\",\"input\":{\"note\":SECRET},\"expected\":{\"label\":\"x\"}}", "not valid JSON"},
        {"{\"id\":\"b\",SECRET:1}", "not valid JSON"},
    };
    for (String[] c : cases) {
      Path f = write("bad.jsonl", good + "\n" + "\n" + c[0] + "\n");

      assertThatThrownBy(() -> Dataset.load(f))
          .as(c[1])
          .isInstanceOf(EvalException.class)
          .hasMessageStartingWith("bad.jsonl:3: ")
          .hasMessageContaining(c[1])
          .hasMessageNotContaining("SECRET");
    }
  }

  @Test
  void load_empty_isAnError() throws IOException {
    Path f = write("empty.jsonl", "\n\n");

    assertThatThrownBy(() -> Dataset.load(f)).hasMessageContaining("holds no items");
  }

  @Test
  void load_crlfLines_areAccepted() throws IOException {
    Path f = write("crlf.jsonl", line("a", "x") + "\r\n" + line("b", "y") + "\r\n");

    assertThat(Dataset.load(f).items()).extracting(DatasetItem::id).containsExactly("a", "b");
  }

  @Test
  void examples_idsAreUniqueAcrossBoth() {
    Set<String> ids = new HashSet<>();
    Dataset.example(Dataset.MEDICATION_EXTRACTION).items().forEach(i -> ids.add(i.id()));
    Dataset.example(Dataset.TRIAGE_URGENCY).items().forEach(i -> ids.add(i.id()));

    assertThat(ids).hasSize(Dataset.example(Dataset.MEDICATION_EXTRACTION).size()
        + Dataset.example(Dataset.TRIAGE_URGENCY).size());
  }

  @Test
  void head_isItsOwnVersion_andTheWholeWhenLarger() {
    Dataset d = Dataset.example(Dataset.TRIAGE_URGENCY);

    Dataset first5 = d.head(5);

    assertThat(first5.items()).containsExactlyElementsOf(d.items().subList(0, 5));
    assertThat(first5.sha256()).hasSize(64).isNotEqualTo(d.sha256()).isEqualTo(d.head(5).sha256());
    assertThat(d.head(6).sha256()).isNotEqualTo(first5.sha256());
    assertThat(d.head(1000)).isSameAs(d);
  }

  static String line(String id, String note) {
    return "{\"id\":\"" + id + "\",\"input\":{\"note\":\"" + note + "\"},\"expected\":{\"label\":\"x\"}}";
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }
}

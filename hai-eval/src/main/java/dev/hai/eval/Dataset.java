package dev.hai.eval;

import dev.hai.eval.internal.DatasetParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A golden dataset: items read from a JSON Lines file, one item per line, versioned by the SHA-256
 * of the file's bytes.
 *
 * <pre>{@code
 * Dataset triage = Dataset.load(Path.of("datasets/triage-urgency.jsonl"));
 * Dataset meds = Dataset.example(Dataset.MEDICATION_EXTRACTION);   // shipped with hai-eval
 * }</pre>
 *
 * <p>A line is an object with {@code id} (string, unique), {@code input} (object of strings, at
 * least one), {@code expected} (object with any of {@code text}, {@code label}, {@code items}
 * (array of strings), {@code json} (any JSON value)), optional {@code tags} (object of strings) and
 * optional {@code notes} (string). Blank lines are skipped; any other field is an error, so a typo
 * is caught. Loading checks every line and throws {@link EvalException} naming the file and line of
 * the first bad one, without quoting the line.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the file name (or resource name) it was read from
 * @param sha256 the SHA-256 of the file's bytes, in hex: the dataset's version
 * @param items the items, in file order
 */
public record Dataset(String name, String sha256, List<DatasetItem> items) {

  /** The shipped medication-with-dose extraction dataset (synthetic notes, 60 items). */
  public static final String MEDICATION_EXTRACTION = "medication-extraction.jsonl";

  /** The shipped triage-urgency classification dataset (synthetic messages, 66 items). */
  public static final String TRIAGE_URGENCY = "triage-urgency.jsonl";

  public Dataset {
    items = List.copyOf(items);
    Set<String> ids = new LinkedHashSet<>();
    for (DatasetItem item : items) {
      if (!ids.add(item.id())) {
        throw new EvalException(name + ": item id '" + item.id() + "' appears twice");
      }
    }
  }

  /** Reads and validates a dataset file. */
  public static Dataset load(Path file) {
    try {
      return DatasetParser.parse(file.getFileName().toString(), Files.readAllBytes(file));
    } catch (IOException e) {
      throw new EvalException("cannot read dataset " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads and validates a dataset from a stream; {@code name} is used in error messages. */
  public static Dataset read(String name, InputStream in) throws IOException {
    return DatasetParser.parse(name, in.readAllBytes());
  }

  /** One of the datasets shipped with hai-eval: {@link #MEDICATION_EXTRACTION}, {@link #TRIAGE_URGENCY}. */
  public static Dataset example(String name) {
    try (InputStream in = Dataset.class.getResourceAsStream("datasets/" + name)) {
      if (in == null) {
        throw new EvalException("no example dataset '" + name + "'; the examples are "
            + MEDICATION_EXTRACTION + " and " + TRIAGE_URGENCY);
      }
      return read(name, in);
    } catch (IOException e) {
      throw new EvalException("cannot read example dataset " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * The first {@code n} items as a dataset of their own, for quick runs. Its version is the SHA-256
   * of this version and {@code n}, so run files of the subset and of the whole are never mixed up.
   * This dataset itself when {@code n} covers every item.
   */
  public Dataset head(int n) {
    if (n < 1) {
      throw new EvalException("head: n must be at least 1, was " + n);
    }
    if (n >= items.size()) {
      return this;
    }
    String version = dev.hai.eval.internal.Jsons.sha256Hex(
        (sha256 + "/head/" + n).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return new Dataset(name + " (first " + n + ")", version, items.subList(0, n));
  }

  /** A short form of the version: the first 12 hex digits of {@link #sha256()}. */
  public String version() {
    return sha256.substring(0, 12);
  }

  /** The number of items. */
  public int size() {
    return items.size();
  }

  /** The distinct labels expected by the items, sorted. */
  public List<String> labels() {
    Set<String> labels = new TreeSet<>();
    for (DatasetItem item : items) {
      if (item.expected().label() != null) {
        labels.add(item.expected().label());
      }
    }
    return List.copyOf(labels);
  }

  /** The item with this id. */
  public DatasetItem item(String id) {
    for (DatasetItem item : items) {
      if (item.id().equals(id)) {
        return item;
      }
    }
    throw new EvalException(name + ": no item with id '" + id + "'");
  }
}

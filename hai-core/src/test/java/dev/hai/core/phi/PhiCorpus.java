package dev.hai.core.phi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The labelled synthetic notes under {@code src/test/resources/phi/} (see generate_corpus.py). */
final class PhiCorpus {
  private PhiCorpus() {}

  record Span(int start, int end, PhiType type) {}

  record Note(String id, String kind, String text, List<Span> spans) {}

  private static final java.util.regex.Pattern MARK =
      java.util.regex.Pattern.compile("\\{\\{([A-Z_0-9]+)\\|([^|}]+)(?:\\|([^}]+))?}}");

  /**
   * Loads {@code handwritten.txt}: notes separated by "---" lines, identifiers marked inline as
   * {@code {{TYPE|text}}}, or {@code {{TYPE|text|labelled part of text}}}.
   */
  static List<Note> loadHandwritten() {
    return loadHandwritten("handwritten");
  }

  /**
   * Loads {@code <name>.txt} in the hand-written format: {@code "handwritten"} (tuned on),
   * {@code "handwritten-heldout"} (never tuned on, reported only).
   */
  static List<Note> loadHandwritten(String name) {
    String all;
    try (InputStream in = PhiCorpus.class.getResourceAsStream("/phi/" + name + ".txt")) {
      all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Note> notes = new ArrayList<>();
    StringBuilder block = new StringBuilder();
    for (String line : (all + "\n---\n").split("\n")) {
      if (line.startsWith("#")) {
        continue;
      }
      if (!line.equals("---")) {
        block.append(line).append('\n');
        continue;
      }
      if (block.length() > 0) {
        StringBuilder text = new StringBuilder();
        List<Span> spans = new ArrayList<>();
        java.util.regex.Matcher m = MARK.matcher(block);
        int at = 0;
        while (m.find()) {
          text.append(block, at, m.start());
          String written = m.group(2);
          String labelled = m.group(3) == null ? written : m.group(3);
          int s = text.length() + written.indexOf(labelled);
          spans.add(new Span(s, s + labelled.length(), PhiType.valueOf(m.group(1))));
          text.append(written);
          at = m.end();
        }
        text.append(block, at, block.length());
        notes.add(new Note(name + "-" + notes.size(), name, text.toString(), List.copyOf(spans)));
        block.setLength(0);
      }
    }
    return notes;
  }

  /** Loads a split: {@code "dev"} (for tuning) or {@code "test"} (for reporting). */
  static List<Note> load(String split) {
    ObjectMapper json = new ObjectMapper();
    List<Note> notes = new ArrayList<>();
    try (InputStream in = PhiCorpus.class.getResourceAsStream("/phi/" + split + ".jsonl")) {
      if (in == null) {
        throw new IllegalStateException("no corpus split " + split);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode n = json.readTree(line);
        List<Span> spans = new ArrayList<>();
        for (JsonNode s : n.get("spans")) {
          spans.add(new Span(s.get("start").asInt(), s.get("end").asInt(), PhiType.valueOf(s.get("type").asText())));
        }
        notes.add(new Note(n.get("id").asText(), n.get("kind").asText(), n.get("text").asText(), List.copyOf(spans)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return notes;
  }
}

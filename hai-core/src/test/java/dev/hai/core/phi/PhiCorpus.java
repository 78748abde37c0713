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

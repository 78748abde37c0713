package dev.hai.prompts.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.hai.prompts.PromptLoadException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML or JSON into a {@link Node} tree that remembers lines. Duplicate keys, several
 * documents in one file and non-string keys are errors; Jackson's own messages are kept, with the
 * file and line put first.
 */
public final class TreeReader {
  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();
  private static final YAMLFactory YAML = YAMLFactory.builder().build();

  private TreeReader() {}

  /** Whether a file name is one of the prompt formats: {@code .yaml}, {@code .yml} or {@code .json}. */
  public static boolean isPromptFile(String fileName) {
    return fileName.endsWith(".yaml") || fileName.endsWith(".yml") || fileName.endsWith(".json");
  }

  /**
   * Parses {@code content}; JSON when {@code file} ends in {@code .json}, YAML otherwise.
   *
   * @param file the file's name as errors should show it
   * @throws PromptLoadException on a syntax error, naming file and line
   */
  public static Node read(String file, String content) {
    JsonFactory factory = file.endsWith(".json") ? JSON : YAML;
    try (JsonParser p = factory.createParser(content)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw PromptLoadException.at(file, 1, "the file is empty");
      }
      Node root = value(file, p, t);
      JsonToken after = p.nextToken();
      if (after != null) {
        throw PromptLoadException.at(file, line(p), "the file holds more than one document or value");
      }
      return root;
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw PromptLoadException.at(file, Math.max(line, 1), "syntax error: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw PromptLoadException.at(file, 1, "cannot read: " + e.getMessage());
    }
  }

  private static Node value(String file, JsonParser p, JsonToken t) throws IOException {
    int line = line(p);
    switch (t) {
      case START_OBJECT: {
        Map<String, Node> entries = new LinkedHashMap<>();
        Map<String, Integer> keyLines = new LinkedHashMap<>();
        JsonToken k;
        while ((k = p.nextToken()) != JsonToken.END_OBJECT) {
          String key = p.currentName();
          int keyLine = line(p);
          if (entries.containsKey(key)) {
            throw PromptLoadException.at(file, keyLine, "duplicate key '" + key + "'");
          }
          Node v = value(file, p, p.nextToken());
          entries.put(key, v);
          keyLines.put(key, keyLine);
        }
        return new Node.Obj(java.util.Collections.unmodifiableMap(entries), keyLines, line);
      }
      case START_ARRAY: {
        List<Node> items = new ArrayList<>();
        JsonToken i;
        while ((i = p.nextToken()) != JsonToken.END_ARRAY) {
          items.add(value(file, p, i));
        }
        return new Node.Seq(items, line);
      }
      case VALUE_STRING:
        return new Node.Text(p.getText(), line);
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        try {
          return new Node.Num(p.getDecimalValue(), line);
        } catch (NumberFormatException e) {
          throw PromptLoadException.at(file, line, "'" + p.getText() + "' is not a finite number");
        }
      case VALUE_TRUE:
        return new Node.Bool(true, line);
      case VALUE_FALSE:
        return new Node.Bool(false, line);
      case VALUE_NULL:
        return new Node.Null(line);
      default:
        throw PromptLoadException.at(file, line, "unsupported value (" + t + ")");
    }
  }

  private static int line(JsonParser p) {
    return Math.max(1, p.currentTokenLocation().getLineNr());
  }
}

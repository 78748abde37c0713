package dev.hai.prompts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The same prompt written 200 random ways (key order shuffled at every level, YAML block or flow
 * style, compact or indented JSON, CRLF or LF) always has the same hash.
 */
class CanonicalHashPropertyTest {

  @Test
  void sha256_randomRewritesOfOneFile_allHashTheSame() throws Exception {
    String yaml = PromptFiles.yaml("discharge-summary", "1.2.0") + "outputSchema: {type: object, properties: {summary: {type: string}}}\n";
    String expected = PromptTemplate.parse("p.yaml", yaml).sha256();
    Object tree = new ObjectMapper(new YAMLFactory()).readValue(yaml, Object.class);
    Random rnd = new Random(20260226);
    for (int i = 0; i < 200; i++) {
      Object shuffled = shuffle(tree, rnd);
      String text;
      String name;
      if (rnd.nextBoolean()) {
        ObjectMapper json = new ObjectMapper();
        if (rnd.nextBoolean()) {
          json.enable(SerializationFeature.INDENT_OUTPUT);
        }
        text = json.writeValueAsString(shuffled);
        name = "p.json";
      } else {
        YAMLMapper y = YAMLMapper.builder()
            .configure(YAMLGenerator.Feature.MINIMIZE_QUOTES, rnd.nextBoolean())
            .configure(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE, rnd.nextBoolean())
            .configure(YAMLGenerator.Feature.WRITE_DOC_START_MARKER, rnd.nextBoolean())
            .build();
        text = y.writeValueAsString(shuffled);
        name = "p.yaml";
      }
      if (rnd.nextBoolean()) {
        text = text.replace("\n", "\r\n");
      }
      String written = text;
      assertThat(PromptTemplate.parse(name, written).sha256()).as("rewrite %d:\n%s", i, written).isEqualTo(expected);
    }
  }

  @SuppressWarnings("unchecked")
  private static Object shuffle(Object node, Random rnd) {
    if (node instanceof Map<?, ?> m) {
      List<String> keys = new ArrayList<>((java.util.Set<String>) m.keySet());
      Collections.shuffle(keys, rnd);
      Map<String, Object> out = new LinkedHashMap<>();
      for (String k : keys) {
        out.put(k, shuffle(m.get(k), rnd));
      }
      return out;
    }
    if (node instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (Object o : l) {
        out.add(shuffle(o, rnd)); // list order is meaningful: kept
      }
      return out;
    }
    return node;
  }
}

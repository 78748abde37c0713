package dev.hai.core.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

  @Test
  void write_sortsKeysEscapesMinimallyAndKeepsNulls() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("b", "tab\there \"quoted\" \\ é ✓ " + (char) 1);
    m.put("a", null);
    m.put("c", List.of(1L, true, new CanonicalJson.Num("0.50")));
    assertThat(CanonicalJson.write(m))
        .isEqualTo("{\"a\":null,\"b\":\"tab\\there \\\"quoted\\\" \\\\ é ✓ \\u0001\",\"c\":[1,true,0.50]}");
  }

  @Test
  void parse_keepsNumbersAsWritten() throws Exception {
    Object tree = CanonicalJson.parse("{ \"x\" : 1.50e3 , \"a\":[ ] }");
    assertThat(CanonicalJson.write(tree)).isEqualTo("{\"a\":[],\"x\":1.50e3}");
  }

  @Test
  void parse_duplicateKeyOrTrailingTextOrCutShort_isMalformed() {
    assertThatThrownBy(() -> CanonicalJson.parse("{\"a\":1,\"a\":2}"))
        .isInstanceOf(CanonicalJson.MalformedException.class);
    assertThatThrownBy(() -> CanonicalJson.parse("{\"a\":1} x"))
        .isInstanceOf(CanonicalJson.MalformedException.class);
    assertThatThrownBy(() -> CanonicalJson.parse("{\"a\":1"))
        .isInstanceOf(CanonicalJson.MalformedException.class);
  }

  @Property
  void writeThenParse_isTheIdentityOnCanonicalText(@ForAll String key, @ForAll String value, @ForAll long n)
      throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(key, value);
    m.put(key + "~", n);
    String canonical = CanonicalJson.write(m);
    assertThat(CanonicalJson.write(CanonicalJson.parse(canonical))).isEqualTo(canonical);
  }
}

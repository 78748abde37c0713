package dev.hai.store.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MigrationsTest {

  @Test
  void bundled_listsEveryScriptInTheResourceDirectory_inVersionOrderFromOne() throws IOException {
    List<String> files;
    try (Stream<Path> s = Files.list(Path.of("src/main/resources/db/migration"))) {
      files = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    List<Migrations.Script> bundled = Migrations.bundled();
    assertThat(bundled).extracting(m -> "V" + m.version() + "__" + m.description() + ".sql")
        .containsExactlyInAnyOrderElementsOf(files);
    for (int i = 0; i < bundled.size(); i++) {
      assertThat(bundled.get(i).version()).isEqualTo(i + 1);
    }
  }

  @Test
  void script_namesVersionAndDescription_andRejectsOtherNames() {
    Migrations.Script s = Migrations.script("V12__add_index.sql", "SELECT 1;");
    assertThat(s.version()).isEqualTo(12);
    assertThat(s.description()).isEqualTo("add_index");
    assertThatThrownBy(() -> Migrations.script("12_add_index.sql", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("V<version>__<description>.sql");
  }

  @Test
  void checksum_isSha256OfTheText_withLineEndingsNormalised() {
    assertThat(Migrations.checksum("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(Migrations.checksum("a;\r\nb;\r\n")).isEqualTo(Migrations.checksum("a;\nb;\n"));
    assertThat(Migrations.checksum("a;\nb;\n")).isNotEqualTo(Migrations.checksum("a;\nb; \n"));
  }
}

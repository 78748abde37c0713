package dev.hai.store.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hai.store.jdbc.StoreException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class SqlTest {

  @Test
  void failure_keepsStateAndFirstLine_dropsDetailThatQuotesRowValues() {
    SQLException e = new SQLException("ERROR: new row violates check constraint \"x\"\n"
        + "  Detail: Failing row contains (cardiology, u-4711, Jane Doe).", "23514");
    StoreException s = Sql.failure("record the entry", e);
    assertThat(s.getMessage())
        .isEqualTo("cannot record the entry: SQL state 23514, ERROR: new row violates check constraint \"x\"")
        .doesNotContain("Jane");
    assertThat(s.getCause()).isSameAs(e);
  }

  @Test
  void urlDataSource_rejectsNonJdbcUrls_andHidesUrlParameters() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new UrlDataSource("postgresql://h/db", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("JDBC URL");
    assertThat(new UrlDataSource("jdbc:postgresql://h:5432/db?password=secret", null, null).toString())
        .isEqualTo("UrlDataSource[jdbc:postgresql://h:5432/db]");
  }
}

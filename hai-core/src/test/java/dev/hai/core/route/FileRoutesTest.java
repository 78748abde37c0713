package dev.hai.core.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hai.core.InvalidRequestException;
import dev.hai.core.audit.AuditLogReader;
import dev.hai.core.audit.AuditRecord;
import dev.hai.core.audit.FileAuditSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRoutesTest {
  @TempDir Path dir;

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T08:00:00Z"), ZoneOffset.UTC);

  private static Route route(String name) {
    return Route.builder(name).champion(Arm.builder("a").backend("x").build())
        .challenger(Arm.builder("b").backend("y").build(), 100).build();
  }

  private List<AuditRecord> shareEvents() {
    return AuditLogReader.readAll(dir.resolve("audit")).stream()
        .filter(r -> r.isEvent() && r.event().kind().equals("route.shares")).toList();
  }

  @Test
  void watch_existingFile_appliesAndAuditsIt() throws Exception {
    Path f = dir.resolve("routes.json");
    FileRoutes.write(f, "summary", 1_000, "u-ml-lead", "week 2", CLOCK);
    try (FileAuditSink sink = FileAuditSink.builder(dir.resolve("audit")).build();
        RouteTable table = RouteTable.builder().route(route("summary")).route(route("triage")).auditSink(sink).build();
        FileRoutes routes = FileRoutes.watch(f, table)) {

      assertThat(table.route("summary").orElseThrow().challengerShare()).isEqualTo(1_000);
      assertThat(table.route("triage").orElseThrow().challengerShare()).isEqualTo(100); // not in the file
      AuditRecord event = shareEvents().get(0);
      assertThat(event.event().from()).isEqualTo("100");
      assertThat(event.event().to()).isEqualTo("1000");
      assertThat(event.actorId()).isEqualTo("u-ml-lead");
      assertThat(event.outcomeReason()).isEqualTo("week 2 (route file)");
    }
  }

  @Test
  void watch_fileChanges_sharesFollow() throws Exception {
    Path f = dir.resolve("routes.json");
    try (FileAuditSink sink = FileAuditSink.builder(dir.resolve("audit")).build();
        RouteTable table = RouteTable.builder().route(route("summary")).auditSink(sink).build();
        FileRoutes routes = FileRoutes.watch(f, table, Duration.ofMillis(20))) {

      FileRoutes.write(f, "summary", 5_000, "u-ml-lead", "week 3", CLOCK);

      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (table.route("summary").orElseThrow().challengerShare() != 5_000 && System.nanoTime() < until) {
        Thread.sleep(10);
      }
      assertThat(table.route("summary").orElseThrow().challengerShare()).isEqualTo(5_000);
      assertThat(shareEvents()).hasSize(1);
    }
  }

  @Test
  void refresh_unknownRouteSkipped_othersApplied() throws Exception {
    Path f = dir.resolve("routes.json");
    FileRoutes.write(f, "elsewhere", 200, "u", "x", CLOCK);
    FileRoutes.write(f, "summary", 300, "u", "y", CLOCK);
    try (RouteTable table = RouteTable.builder().route(route("summary")).build();
        FileRoutes routes = FileRoutes.unwatched(f, table)) {
      assertThat(table.route("summary").orElseThrow().challengerShare()).isEqualTo(300);
      assertThat(FileRoutes.read(f)).containsOnlyKeys("elsewhere", "summary");
      assertThat(routes.refresh()).isFalse(); // nothing new
    }
  }

  @Test
  void refresh_malformedFile_sharesUnchangedUntilFixed() throws Exception {
    Path f = dir.resolve("routes.json");
    Files.writeString(f, "{\"schema\":1,\"routes\":{\"summary\":{\"challengerShare\":\"lots\"}}}");
    try (RouteTable table = RouteTable.builder().route(route("summary")).build();
        FileRoutes routes = FileRoutes.unwatched(f, table)) {
      assertThat(table.route("summary").orElseThrow().challengerShare()).isEqualTo(100);
      assertThatThrownBy(() -> FileRoutes.write(f, "summary", 400, "u", "x", CLOCK))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("challengerShare must be an integer");

      Files.writeString(f, "{\"schema\":1,\"routes\":{\"summary\":{\"challengerShare\":400,\"by\":\"u\","
          + "\"reason\":\"fixed\",\"at\":\"2026-11-26T08:00:00Z\"}}}");

      assertThat(routes.refresh()).isTrue();
      assertThat(table.route("summary").orElseThrow().challengerShare()).isEqualTo(400);
    }
  }

  @Test
  void write_badShare_refused() {
    assertThatThrownBy(() -> FileRoutes.write(dir.resolve("r.json"), "summary", 20_000, "u", "x", CLOCK))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(Files.exists(dir.resolve("r.json"))).isFalse();
  }
}

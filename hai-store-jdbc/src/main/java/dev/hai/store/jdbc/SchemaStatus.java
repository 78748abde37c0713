package dev.hai.store.jdbc;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where a database's HAI schema stands against the migrations shipped in this jar.
 *
 * @param currentVersion the highest migration applied (0 when none)
 * @param latestVersion the highest migration this jar ships
 * @param applied the migrations recorded in {@code hai_schema_version}, oldest first
 * @param pending the shipped migrations not applied yet, oldest first
 * @param appliedNow the versions {@link JdbcStore#migrate} applied in this call (empty otherwise)
 * @param problems what makes the schema unusable whatever is applied next: a changed checksum, a
 *     database newer than this jar, a gap; empty when there is none
 */
public record SchemaStatus(
    int currentVersion,
    int latestVersion,
    List<Migration> applied,
    List<Migration> pending,
    List<Integer> appliedNow,
    List<String> problems) {

  public SchemaStatus {
    applied = List.copyOf(applied);
    pending = List.copyOf(pending);
    appliedNow = List.copyOf(appliedNow);
    problems = List.copyOf(problems);
  }

  /** Whether every shipped migration is applied, unchanged, and nothing newer is. */
  public boolean upToDate() {
    return pending.isEmpty() && problems.isEmpty();
  }

  /**
   * One migration.
   *
   * @param version its number, from the file name {@code V<version>__<description>.sql}
   * @param description the rest of the file name
   * @param checksum SHA-256 (hex) of the script, line endings normalised to {@code \n}; for an
   *     applied migration, the checksum recorded when it was applied
   * @param appliedAt when it was applied, or null when it is pending
   */
  public record Migration(int version, String description, String checksum, @Nullable Instant appliedAt) {}
}

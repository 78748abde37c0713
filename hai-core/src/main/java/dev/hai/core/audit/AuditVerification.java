package dev.hai.core.audit;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The result of {@link AuditVerifier#verify}: whether the log is untouched, and if not, the first
 * record where it is not and why.
 *
 * @param records records that verified, in log order, before the first break (all when intact)
 * @param files log files read
 * @param firstBreak the first broken record, or null when the log is intact
 * @param quarantineFiles {@code .quarantine} files in the directory: torn tails cut off by recovery
 *     after a crash. They are not part of the chain; their presence is reported, not a break.
 * @param lastHash the hash of the last record that verified ({@link AuditChain#GENESIS} for an empty
 *     log); compare it with a copy kept elsewhere to detect records cut from the end
 */
public record AuditVerification(
    long records, int files, @Nullable Break firstBreak, List<Path> quarantineFiles, String lastHash) {

  public AuditVerification {
    quarantineFiles = List.copyOf(quarantineFiles);
  }

  /** Whether every record verified and links to the one before it. */
  public boolean ok() {
    return firstBreak == null;
  }

  public Optional<Break> broken() {
    return Optional.ofNullable(firstBreak);
  }

  /** What is wrong at the first broken record. */
  public enum Problem {
    /** The record's content no longer matches its hash, or it no longer links to its predecessor. */
    EDITED,
    /** One or more records before this one are missing. */
    DELETED,
    /** This record is out of its place: a record that should come before it comes later. */
    REORDERED,
    /** This record does not belong to the chain (a forgery or a duplicate). */
    INSERTED,
    /** The log ends in an incomplete record. */
    TRUNCATED
  }

  /**
   * The first broken record.
   *
   * @param file the log file it is in
   * @param line its line number in the file, from 1
   * @param recordId its {@code id}, when it can be read
   * @param problem what is wrong
   * @param detail what is wrong, in words
   */
  public record Break(Path file, long line, @Nullable String recordId, Problem problem, String detail) {}
}

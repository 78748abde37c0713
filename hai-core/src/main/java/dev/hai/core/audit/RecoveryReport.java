package dev.hai.core.audit;

import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link FileAuditSink} found and did when it opened a log whose last file ended in an
 * incomplete or unreadable tail (a crash while writing): the tail was moved, byte for byte, to a
 * quarantine file and the log continues after the last good record.
 *
 * @param file the log file whose tail was cut
 * @param goodBytes the length of the file that was kept (ends after the last good record)
 * @param quarantinedBytes how many bytes were moved out
 * @param quarantineFile where they went ({@code <file>.<millis>.quarantine})
 * @param lastSeq the {@code seq} of the last good record (0 for an empty log)
 * @param lastHash the hash of the last good record, which the next record links to
 * @param reason why the tail was not accepted
 */
public record RecoveryReport(
    Path file,
    long goodBytes,
    long quarantinedBytes,
    Path quarantineFile,
    long lastSeq,
    @Nullable String lastHash,
    String reason) {

  public Optional<String> lastRecordHash() {
    return Optional.ofNullable(lastHash);
  }
}

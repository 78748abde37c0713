package dev.hai.core.internal.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Names of a log's files: {@code audit-<index>-<yyyyMMdd>.jsonl}, the index (8 digits, from 1)
 * giving the order. Quarantine files end in {@code .quarantine} and are not log files.
 */
public final class LogFiles {
  private static final Pattern NAME = Pattern.compile("audit-(\\d{8})-(\\d{8})\\.jsonl");
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  private LogFiles() {}

  /** A log file and what its name says. */
  public record LogFile(Path path, long index, LocalDate day) {}

  public static Path name(Path dir, long index, LocalDate day) {
    return dir.resolve(String.format("audit-%08d-%s.jsonl", index, day.format(DAY)));
  }

  /** The directory's log files in log order. */
  public static List<LogFile> list(Path dir) throws IOException {
    List<LogFile> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        if (m.matches() && Files.isRegularFile(p)) {
          files.add(new LogFile(p, Long.parseLong(m.group(1)), LocalDate.parse(m.group(2), DAY)));
        }
      }
    }
    files.sort(Comparator.comparingLong(LogFile::index));
    return files;
  }

  /** The quarantine files of a directory. */
  public static List<Path> quarantined(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".quarantine")).sorted().toList();
    }
  }
}

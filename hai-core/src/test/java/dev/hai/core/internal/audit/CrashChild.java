package dev.hai.core.internal.audit;

import dev.hai.core.audit.AuditRecord;
import dev.hai.core.audit.FileAuditSink;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The child of {@link AuditCrashTest}: appends records from several threads until killed, and
 * prints {@code D <record id>} for each record the sink reported durable.
 */
public final class CrashChild {
  private CrashChild() {}

  /** Starts this class in a child JVM appending to {@code dir}; its standard output carries the lines above. */
  static Process start(Path dir) throws java.io.IOException {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"),
            CrashChild.class.getName(), dir.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    PrintStream out = System.out;
    FileAuditSink sink = FileAuditSink.builder(dir).maxFileBytes(64 * 1024).build();
    out.println("READY");
    out.flush();
    Thread[] threads = new Thread[8];
    for (int t = 0; t < threads.length; t++) {
      threads[t] = new Thread(() -> {
        while (true) {
          AuditRecord r = sink.append(AuditFixtures.record("success"));
          synchronized (out) {
            out.println("D " + r.id());
            out.flush();
          }
        }
      });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
  }
}

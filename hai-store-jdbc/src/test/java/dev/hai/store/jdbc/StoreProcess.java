package dev.hai.store.jdbc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A {@link StoreChild} JVM and the lines it printed; closing it kills it if it still runs. */
final class StoreProcess implements AutoCloseable {
  /** Children still running; killed after each test and when this JVM exits, so none outlives it. */
  private static final java.util.Set<Process> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(StoreProcess::killAll));
  }

  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final Thread reader;

  private StoreProcess(Process process) {
    this.process = process;
    this.reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String l = in.readLine(); l != null; l = in.readLine()) {
          synchronized (lines) {
            lines.add(l);
            lines.notifyAll();
          }
        }
      } catch (IOException ignored) {
        // the child died
      }
    });
    reader.start();
  }

  static StoreProcess start(String url, String mode, String... more) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        StoreChild.class.getName(), url, mode, TestPostgres.get().user()));
    command.addAll(List.of(more));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    LIVE.add(p);
    return new StoreProcess(p);
  }

  /** Kills every child still running. */
  static void killAll() {
    for (Process p : LIVE) {
      p.destroyForcibly();
      LIVE.remove(p);
    }
  }

  /** Waits for a line that matches and returns it. */
  String await(Predicate<String> match, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    synchronized (lines) {
      while (true) {
        for (String l : lines) {
          if (match.test(l)) {
            return l;
          }
        }
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0 || !process.isAlive() && !reader.isAlive()) {
          throw new AssertionError("the child did not print the expected line; it printed " + lines);
        }
        lines.wait(Math.min(left, 200));
      }
    }
  }

  /** Writes a line to the child's standard input. */
  void send(String line) throws IOException {
    process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().flush();
  }

  /** SIGKILL, then waits for it to die and for its output to be read. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(20, TimeUnit.SECONDS);
    reader.join(5_000);
  }

  @Override
  public void close() {
    process.destroyForcibly();
    LIVE.remove(process);
  }

  List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }
}

package dev.hai.store.jdbc;

import dev.hai.core.audit.AuditRecord;
import dev.hai.store.jdbc.internal.UrlDataSource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * A second JVM writing to the store, for the tests that kill a writer. {@code StoreChild <url>
 * <mode>}; every line it prints is flushed at once.
 *
 * <ul>
 *   <li>{@code audit}: appends from 4 threads until killed; prints {@code D <id>} for each record
 *       whose append returned (committed).
 *   <li>{@code hold}: opens a sink, prints {@code OPEN} and waits for a line on standard input
 *       (the parent appends meanwhile, so that the sink's one-statement append finds the head moved
 *       and takes the locking transaction); then appends one record, printing {@code A <id>} first;
 *       its connection's COMMIT prints {@code COMMITTING} and then never returns, so the
 *       transaction stays open, head row locked and rows inserted, until the process is killed.
 *   <li>{@code spend}: {@link CostSpender#spend} against one budget; prints {@code S <id>} for each
 *       settled call and {@code DONE <admitted>} at the end.
 * </ul>
 */
public final class StoreChild {
  private StoreChild() {}

  public static void main(String[] args) throws Exception {
    DataSource ds = new UrlDataSource(args[0], args.length > 2 ? args[2] : "hai", "");
    String mode = args[1];
    PrintStream out = System.out;
    switch (mode) {
      case "audit" -> {
        JdbcAuditSink sink = JdbcStore.builder(ds).build().auditSink().maxBatch(16).build();
        say(out, "READY");
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
          threads[t] = new Thread(() -> {
            while (true) {
              AuditRecord r = sink.append(StoreFixtures.record("child"));
              say(out, "D " + r.id());
            }
          });
          threads[t].start();
        }
        for (Thread t : threads) {
          t.join();
        }
      }
      case "hold" -> {
        AtomicBoolean armed = new AtomicBoolean();
        JdbcAuditSink held = JdbcStore.builder(holdingCommit(ds, out, armed)).build().auditSink().build();
        // the parent appends now, so that this sink's head is stale and it takes the locking path
        say(out, "OPEN");
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        armed.set(true);
        AuditRecord r = StoreFixtures.record("child");
        say(out, "A " + r.id());
        held.append(r);
        say(out, "UNEXPECTED RETURN");
      }
      case "spend" -> {
        // spend <tenant> <limit micros> <amount micros> <attempts>
        try (TestPool pool = new TestPool(ds, 8)) {
          JdbcStore store = JdbcStore.builder(pool).build();
          say(out, "READY");
          int admitted = CostSpender.spend(store.budgetStore(), store.costLedger(), args[3], Long.parseLong(args[4]),
              Long.parseLong(args[5]), Integer.parseInt(args[6]), 8, line -> say(out, line));
          say(out, "DONE " + admitted);
        }
      }
      default -> throw new IllegalArgumentException("mode " + mode);
    }
  }

  private static void say(PrintStream out, String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }

  /** A DataSource whose connections block forever in COMMIT once {@code armed}. */
  private static DataSource holdingCommit(DataSource ds, PrintStream out, AtomicBoolean armed) {
    return (DataSource) Proxy.newProxyInstance(StoreChild.class.getClassLoader(), new Class<?>[] {DataSource.class},
        (proxy, method, args) -> {
          Object result = invoke(ds, method, args);
          if (result instanceof Connection c) {
            return Proxy.newProxyInstance(StoreChild.class.getClassLoader(), new Class<?>[] {Connection.class},
                (p, m, a) -> {
                  if (m.getName().equals("commit") && armed.get()) {
                    say(out, "COMMITTING");
                    Thread.sleep(Long.MAX_VALUE);
                  }
                  return invoke(c, m, a);
                });
          }
          return result;
        });
  }

  private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}

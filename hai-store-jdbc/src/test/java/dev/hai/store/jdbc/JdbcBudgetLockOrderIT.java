package dev.hai.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hai.core.cost.Budget;
import dev.hai.core.cost.Money;
import dev.hai.core.cost.Reservation;
import dev.hai.core.cost.ReserveOutcome;
import dev.hai.store.jdbc.internal.UrlDataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Reserves and settles lock a call's budget accounts in one order whatever the database's
 * collation: production databases are often created with a linguistic default collation (glibc's
 * {@code en_US.UTF-8} ignores punctuation at first), while the test cluster runs with {@code C}.
 */
class JdbcBudgetLockOrderIT {
  private static final Money USD_1 = Money.of("USD", "1");

  @Test
  void reserveAndSettle_linguisticCollation_lockInOneOrder_noDeadlock() throws Exception {
    TestPostgres pg = TestPostgres.get();
    String db = "hai_collate_" + ProcessHandle.current().pid() + "_" + System.nanoTime();
    // punctuation ignored at the first level, as in glibc's en_US.UTF-8
    assumeTrue(execute(pg.dataSource(), "CREATE DATABASE " + db + " TEMPLATE template0 LOCALE_PROVIDER icu"
        + " ICU_LOCALE 'en-u-ka-shifted' LOCALE 'C.UTF-8' ENCODING 'UTF8'"), "needs CREATE DATABASE with ICU");
    try {
      lockInOneOrder(new UrlDataSource(pg.url().replaceFirst("^(jdbc:postgresql://[^/]+/)[^?]*", "$1" + db),
          pg.user(), pg.password()));
    } finally {
      execute(pg.dataSource(), "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
    }
  }

  private static void lockInOneOrder(DataSource ds) throws Exception {
    JdbcStore.migrate(ds);
    AtomicInteger connections = new AtomicInteger();
    JdbcBudgetStore store = JdbcStore.builder(ds).build().budgetStore();
    JdbcBudgetStore counted = JdbcStore.builder(counting(ds, connections)).build().budgetStore();

    // Java orders the tenant's key ("actor=*") first; this collation orders the actor's ("actor=a-1") first.
    Budget tenant = Budget.tenant("c").daily(Money.of("USD", "100")).build();
    Budget actor = Budget.tenant("c").actor("a-1").daily(Money.of("USD", "100")).build();
    Instant now = Instant.now();
    Reservation held = ((ReserveOutcome.Reserved) store.reserve(UUID.randomUUID(), now, List.of(tenant, actor), USD_1))
        .reservation();

    try (Connection blocker = ds.getConnection()) {
      blocker.setAutoCommit(false);
      try (PreparedStatement ps = blocker.prepareStatement(
          "SELECT 1 FROM hai_budget_account WHERE budget_key = ? FOR UPDATE")) {
        ps.setString(1, actor.key());
        ps.executeQuery().close();
      }
      connections.set(0);
      CompletableFuture<ReserveOutcome> reserve =
          CompletableFuture.supplyAsync(() -> counted.reserve(UUID.randomUUID(), now, List.of(tenant, actor), USD_1));
      awaitLockWaiters(ds, 1);
      CompletableFuture<Void> settle = CompletableFuture.runAsync(() -> counted.settle(held, USD_1));
      awaitLockWaiters(ds, 2);
      blocker.commit();

      assertThat(reserve.get(30, TimeUnit.SECONDS)).isInstanceOf(ReserveOutcome.Reserved.class);
      settle.get(30, TimeUnit.SECONDS);
    }

    // one connection each: neither was chosen as a deadlock victim and retried
    assertThat(connections.get()).isEqualTo(2);
    assertThat(store.status(tenant, now).spent()).isEqualTo(USD_1);
    assertThat(store.status(actor, now).reserved()).isEqualTo(USD_1);
  }

  private static boolean execute(DataSource ds, String sql) {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  /** Waits until {@code n} sessions of this database wait for a lock. */
  private static void awaitLockWaiters(DataSource ds, int n) throws Exception {
    for (int i = 0; i < 3000; i++) {
      try (Connection c = ds.getConnection(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
              + " AND wait_event_type = 'Lock'")) {
        rs.next();
        if (rs.getInt(1) >= n) {
          return;
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("fewer than " + n + " sessions wait for a lock");
  }

  /** {@code ds}, counting the connections taken from it. */
  private static DataSource counting(DataSource ds, AtomicInteger count) {
    return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
        (proxy, method, args) -> {
          if (method.getName().equals("getConnection")) {
            count.incrementAndGet();
          }
          try {
            return method.invoke(ds, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}

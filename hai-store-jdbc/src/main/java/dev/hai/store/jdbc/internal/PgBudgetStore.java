package dev.hai.store.jdbc.internal;

import dev.hai.core.cost.Budget;
import dev.hai.core.cost.BudgetOverrun;
import dev.hai.core.cost.BudgetStatus;
import dev.hai.core.cost.BudgetStoreException;
import dev.hai.core.cost.BudgetWindow;
import dev.hai.core.cost.Money;
import dev.hai.core.cost.Reservation;
import dev.hai.core.cost.ReserveOutcome;
import dev.hai.store.jdbc.JdbcBudgetStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/*
 * Implementation notes. A reserve is one transaction at READ COMMITTED (PostgreSQL's default; the
 * store does not set it, which would cost a round trip per operation):
 *   1. INSERT the accounts (budget key, period start) not known to exist, ON CONFLICT DO NOTHING;
 *      accounts this JVM has seen are remembered, so the common case skips the statement;
 *   2. SELECT spent, reserved of the accounts ORDER BY budget_key FOR UPDATE: the row locks are
 *      taken in key order by every JVM, so reserves never deadlock; a reserve that waited reads the
 *      sums the other committed;
 *   3. check every hard budget in the request's order; the first that does not fit rolls back;
 *   4. UPDATE reserved += amount on each distinct account, INSERT the reservation rows; COMMIT.
 * A settle deletes the reservation's rows (DELETE ... RETURNING; a second settle finds none) and
 * moves each row's amount from reserved to spent, in key order, in one transaction. A deadlock or
 * serialization failure (which the key order should prevent) is retried up to three times.
 */
/** The {@link JdbcBudgetStore} for PostgreSQL. */
public final class PgBudgetStore implements JdbcBudgetStore {
  private static final int ATTEMPTS = 3;

  private final DataSource dataSource;
  private final Set<String> knownAccounts = ConcurrentHashMap.newKeySet();

  public PgBudgetStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** One budget account touched by a reservation. */
  private record Account(String key, BudgetWindow window) {
    OffsetDateTime start() {
      return window.start().atOffset(ZoneOffset.UTC);
    }

    String id() {
      return key + "@" + window.start();
    }
  }

  private interface Tx<T> {
    T run(Connection c) throws SQLException;
  }

  @Override
  public ReserveOutcome reserve(UUID id, Instant time, List<Budget> budgets, Money amount) {
    if (id == null) {
      throw new IllegalArgumentException("id is required");
    }
    Reservation reservation = new Reservation(id, time, budgets, amount);
    if (reservation.budgets().isEmpty()) {
      return new ReserveOutcome.Reserved(reservation, List.of());
    }
    TreeMap<String, Account> accounts = new TreeMap<>(); // key order: the lock order
    for (Budget b : reservation.budgets()) {
      accounts.computeIfAbsent(b.key(), k -> new Account(k, b.windowAt(time)));
    }
    return inTransaction("reserve against budgets", c -> reserve(c, reservation, accounts));
  }

  private ReserveOutcome reserve(Connection c, Reservation r, TreeMap<String, Account> accounts) throws SQLException {
    String currency = r.amount().currency();
    createAccounts(c, accounts.values(), currency, false);
    Map<String, long[]> sums = lock(c, accounts.values(), currency);
    if (sums.size() != accounts.size()) {
      // an account this JVM saw being created is not committed yet: insert it too, which waits for
      // the other transaction to end, then read again
      createAccounts(c, accounts.values(), currency, true);
      sums = lock(c, accounts.values(), currency);
      if (sums.size() != accounts.size()) {
        throw new SQLException("a budget account row is missing after it was created", "HAI01");
      }
    }
    long want = r.amount().micros();
    List<BudgetOverrun> soft = new ArrayList<>();
    for (Budget b : r.budgets()) {
      long[] s = sums.get(b.key());
      if (Math.addExact(Math.addExact(s[0], s[1]), want) > b.limit().micros()) {
        BudgetOverrun overrun = new BudgetOverrun(b, accounts.get(b.key()).window(),
            Money.ofMicros(currency, s[0]), Money.ofMicros(currency, s[1]), r.amount());
        if (b.isHard()) {
          c.rollback();
          return new ReserveOutcome.Refused(overrun);
        }
        soft.add(overrun);
      }
    }
    try (PreparedStatement hold = c.prepareStatement("UPDATE hai_budget_account SET reserved_micros ="
            + " reserved_micros + ?, updated_at = now() WHERE budget_key = ? AND period_start = ?");
        PreparedStatement row = c.prepareStatement("INSERT INTO hai_budget_reservation"
            + " (id, budget_key, period_start, amount_micros) VALUES (?, ?, ?, ?)")) {
      for (Account a : accounts.values()) {
        hold.setLong(1, want);
        hold.setString(2, a.key());
        hold.setObject(3, a.start());
        hold.addBatch();
        row.setObject(1, r.id());
        row.setString(2, a.key());
        row.setObject(3, a.start());
        row.setLong(4, want);
        row.addBatch();
      }
      hold.executeBatch();
      row.executeBatch();
    }
    c.commit();
    return new ReserveOutcome.Reserved(r, soft);
  }

  private void createAccounts(Connection c, Iterable<Account> accounts, String currency, boolean all)
      throws SQLException {
    List<Account> missing = new ArrayList<>();
    for (Account a : accounts) {
      if (all || !knownAccounts.contains(a.id())) {
        missing.add(a);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO hai_budget_account"
        + " (budget_key, period_start, period_end, period_label, currency) VALUES (?, ?, ?, ?, ?)"
        + " ON CONFLICT (budget_key, period_start) DO NOTHING")) {
      for (Account a : missing) {
        ps.setString(1, a.key());
        ps.setObject(2, a.start());
        ps.setObject(3, a.window().end().atOffset(ZoneOffset.UTC));
        ps.setString(4, a.window().label());
        ps.setString(5, currency);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Locks the accounts in key order; returns {spent, reserved} by key. */
  private Map<String, long[]> lock(Connection c, java.util.Collection<Account> accounts, String currency)
      throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT budget_key, spent_micros, reserved_micros, currency"
        + " FROM hai_budget_account WHERE (budget_key, period_start) IN (");
    for (int i = 0; i < accounts.size(); i++) {
      sql.append(i == 0 ? "(?, ?)" : ", (?, ?)");
    }
    sql.append(") ORDER BY budget_key FOR UPDATE");
    Map<String, long[]> sums = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int i = 1;
      for (Account a : accounts) {
        ps.setString(i++, a.key());
        ps.setObject(i++, a.start());
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (!currency.equals(rs.getString(4))) {
            throw new IllegalArgumentException("budget " + rs.getString(1) + " keeps its spend in " + rs.getString(4)
                + ", not " + currency + "; a budget key keeps one currency");
          }
          sums.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
        }
      }
    }
    for (Account a : accounts) {
      if (sums.containsKey(a.key())) {
        knownAccounts.add(a.id());
      }
    }
    return sums;
  }

  @Override
  public void settle(Reservation reservation, Money actual) {
    if (reservation == null || actual == null) {
      throw new IllegalArgumentException("reservation and actual are required");
    }
    if (!actual.currency().equals(reservation.amount().currency())) {
      throw new IllegalArgumentException("settlement in " + actual.currency() + " of a reservation in "
          + reservation.amount().currency());
    }
    if (reservation.budgets().isEmpty()) {
      return;
    }
    inTransaction("settle a budget reservation", c -> {
      settle(c, reservation.id(), actual.micros());
      c.commit();
      return null;
    });
  }

  private static void settle(Connection c, UUID id, long spend) throws SQLException {
    TreeMap<String, Object[]> rows = new TreeMap<>();
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM hai_budget_reservation WHERE id = ?"
        + " RETURNING budget_key, period_start, amount_micros")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          OffsetDateTime start = rs.getObject(2, OffsetDateTime.class);
          rows.put(rs.getString(1) + "@" + start.toInstant(), new Object[] {rs.getString(1), start, rs.getLong(3)});
        }
      }
    }
    if (rows.isEmpty()) {
      return; // settled or released already
    }
    try (PreparedStatement ps = c.prepareStatement("UPDATE hai_budget_account SET reserved_micros ="
        + " reserved_micros - ?, spent_micros = spent_micros + ?, updated_at = now()"
        + " WHERE budget_key = ? AND period_start = ?")) {
      for (Object[] row : rows.values()) {
        ps.setLong(1, (Long) row[2]);
        ps.setLong(2, spend);
        ps.setString(3, (String) row[0]);
        ps.setObject(4, row[1]);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  @Override
  public BudgetStatus status(Budget budget, Instant at) {
    if (budget == null || at == null) {
      throw new IllegalArgumentException("budget and at are required");
    }
    BudgetWindow window = budget.windowAt(at);
    String currency = budget.limit().currency();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT spent_micros, reserved_micros FROM hai_budget_account"
            + " WHERE budget_key = ? AND period_start = ?")) {
      ps.setString(1, budget.key());
      ps.setObject(2, window.start().atOffset(ZoneOffset.UTC));
      try (ResultSet rs = ps.executeQuery()) {
        long spent = 0;
        long reserved = 0;
        if (rs.next()) {
          spent = rs.getLong(1);
          reserved = rs.getLong(2);
        }
        return new BudgetStatus(budget, window, Money.ofMicros(currency, spent), Money.ofMicros(currency, reserved));
      }
    } catch (SQLException e) {
      throw new BudgetStoreException("cannot read budget " + budget.key() + ": " + Sql.describe(e), e);
    }
  }

  @Override
  public int releaseAbandoned(Duration olderThan) {
    if (olderThan == null || olderThan.isNegative()) {
      throw new IllegalArgumentException("olderThan must be a non-negative duration, was " + olderThan);
    }
    return inTransaction("release abandoned reservations", c -> {
      List<UUID> ids = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT id FROM hai_budget_reservation"
          + " WHERE created_at < now() - make_interval(secs => ?)")) {
        ps.setDouble(1, olderThan.toMillis() / 1000.0);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getObject(1, UUID.class));
          }
        }
      }
      c.commit();
      int released = 0;
      for (UUID id : ids) {
        // one transaction each, so that a long list never holds many accounts locked at once
        settle(c, id, 0);
        c.commit();
        released++;
      }
      return released;
    });
  }

  @Override
  public String describe() {
    return "PostgreSQL (hai_budget_account, hai_budget_reservation; budgets hold across JVMs)";
  }

  private <T> T inTransaction(String what, Tx<T> tx) {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = dataSource.getConnection()) {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
          return tx.run(c);
        } catch (SQLException | RuntimeException e) {
          c.rollback();
          throw e;
        } finally {
          c.setAutoCommit(autoCommit); // after COMMIT or ROLLBACK: sends nothing
        }
      } catch (SQLException e) {
        String state = e.getSQLState();
        if (attempt < ATTEMPTS && ("40P01".equals(state) || "40001".equals(state))) {
          continue;
        }
        if ("40001".equals(state)) {
          throw new BudgetStoreException("cannot " + what + ": serialization failures; the DataSource's connections"
              + " must run at READ COMMITTED, PostgreSQL's default isolation", e);
        }
        if ("23505".equals(state) && what.startsWith("reserve")) {
          throw new IllegalArgumentException("a reservation with this id is already open", e);
        }
        throw new BudgetStoreException("cannot " + what + ": " + Sql.describe(e), e);
      }
    }
  }
}

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
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/*
 * Implementation notes. A reserve is one statement (RESERVE below), at READ COMMITTED (PostgreSQL's
 * default; the store does not set it, which would cost a round trip per operation). It locks the
 * accounts of the call's budgets ORDER BY budget_key COLLATE "C" FOR UPDATE (the same order in every
 * JVM, and in settles (KEY_ORDER), whatever the database's default collation, so that they never
 * deadlock; a reserve that waited reads the sums the other committed), computes
 * whether every hard budget fits, and only if so adds the amount to each account and inserts the
 * reservation's rows. The accounts stay locked only for that statement and its commit. If an
 * account does not exist yet, nothing is held: the accounts are inserted (ON CONFLICT DO NOTHING,
 * which waits for a concurrent creator) and the statement runs once more.
 *
 * A settle deletes the reservation's rows (DELETE ... RETURNING; a second settle finds none) and
 * moves each row's amount from reserved to spent, in key order, in one transaction. A deadlock or
 * serialization failure is retried up to three times.
 */
/** The {@link JdbcBudgetStore} for PostgreSQL. */
public final class PgBudgetStore implements JdbcBudgetStore {
  private static final int ATTEMPTS = 3;
  /**
   * The order every operation locks accounts in: the budget keys' UTF-8 bytes, which is PostgreSQL's
   * {@code COLLATE "C"}. Not the database's default collation, which may be linguistic (glibc's
   * {@code en_US.UTF-8} ignores punctuation) and would then disagree with the order of a settle.
   */
  private static final Comparator<String> KEY_ORDER =
      Comparator.comparing((String k) -> k.getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned);

  private final DataSource dataSource;

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
    TreeMap<String, Account> accounts = new TreeMap<>(KEY_ORDER); // the lock order
    for (Budget b : reservation.budgets()) {
      accounts.computeIfAbsent(b.key(), k -> new Account(k, b.windowAt(time)));
    }
    return inTransaction("reserve against budgets", c -> {
      for (int round = 0; ; round++) {
        ReserveOutcome o = reserve(c, reservation, accounts);
        if (o != null) {
          return o;
        }
        if (round == 1) {
          throw new SQLException("a budget account row is missing after it was created", "HAI01");
        }
        // an account does not exist yet (or its creation is not committed): insert the accounts,
        // which waits for a concurrent creator to finish, then try again
        createAccounts(c, accounts.values(), reservation.amount().currency());
      }
    });
  }

  /**
   * The reserve statement: one round trip, and the only moment the accounts are locked. It locks
   * the accounts in key order, decides whether every hard budget fits (and every account exists
   * and keeps this currency), and only then adds the amount and records the reservation. It returns
   * each account's sums as locked, before the hold, the verdict and the rows recorded.
   */
  private static final String RESERVE = "WITH req AS ("
      + " SELECT k AS budget_key, s::timestamptz AS period_start, l::bigint AS lim, h::boolean AS hard"
      + " FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS r(k, s, l, h)),"
      + " locked AS (SELECT a.budget_key, a.period_start, a.spent_micros, a.reserved_micros, a.currency"
      + " FROM hai_budget_account a WHERE (a.budget_key, a.period_start) IN (SELECT budget_key, period_start FROM req)"
      + " ORDER BY a.budget_key COLLATE \"C\" FOR UPDATE),"
      + " verdict AS (SELECT (SELECT count(*) FROM locked) = ?"
      + " AND (SELECT bool_and(currency = ?) FROM locked)"
      + " AND coalesce((SELECT bool_and(NOT r.hard OR l.spent_micros + l.reserved_micros + ? <= r.lim)"
      + " FROM req r JOIN locked l USING (budget_key, period_start)), true) AS fits),"
      + " held AS (UPDATE hai_budget_account a SET reserved_micros = a.reserved_micros + ?, updated_at = now()"
      + " FROM locked l, verdict v WHERE v.fits AND a.budget_key = l.budget_key AND a.period_start = l.period_start"
      + " RETURNING a.budget_key, a.period_start),"
      + " recorded AS (INSERT INTO hai_budget_reservation (id, budget_key, period_start, amount_micros)"
      + " SELECT ?, budget_key, period_start, ? FROM held RETURNING 1)"
      + " SELECT l.budget_key, l.spent_micros, l.reserved_micros, l.currency, v.fits, (SELECT count(*) FROM recorded)"
      + " FROM locked l, verdict v";

  /** Runs {@link #RESERVE}; null when an account is missing (nothing was held). */
  private static @Nullable ReserveOutcome reserve(Connection c, Reservation r, TreeMap<String, Account> accounts)
      throws SQLException {
    List<Budget> budgets = r.budgets();
    int n = budgets.size();
    String[] keys = new String[n];
    String[] starts = new String[n];
    String[] limits = new String[n];
    String[] hard = new String[n];
    for (int i = 0; i < n; i++) {
      Budget b = budgets.get(i);
      keys[i] = b.key();
      starts[i] = accounts.get(b.key()).start().toString();
      limits[i] = Long.toString(b.limit().micros());
      hard[i] = Boolean.toString(b.isHard());
    }
    String currency = r.amount().currency();
    long want = r.amount().micros();
    Map<String, long[]> sums = new HashMap<>();
    boolean fits = false;
    long recorded = 0;
    try (PreparedStatement ps = c.prepareStatement(RESERVE)) {
      ps.setArray(1, c.createArrayOf("text", keys));
      ps.setArray(2, c.createArrayOf("text", starts));
      ps.setArray(3, c.createArrayOf("text", limits));
      ps.setArray(4, c.createArrayOf("text", hard));
      ps.setInt(5, accounts.size());
      ps.setString(6, currency);
      ps.setLong(7, want);
      ps.setLong(8, want);
      ps.setObject(9, r.id());
      ps.setLong(10, want);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (!currency.equals(rs.getString(4))) {
            c.rollback();
            throw new IllegalArgumentException("budget " + rs.getString(1) + " keeps its spend in " + rs.getString(4)
                + ", not " + currency + "; a budget key keeps one currency");
          }
          sums.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
          fits = rs.getBoolean(5);
          recorded = rs.getLong(6);
        }
      }
    }
    if (sums.size() != accounts.size()) {
      c.rollback();
      return null;
    }
    List<BudgetOverrun> soft = new ArrayList<>();
    BudgetOverrun refusal = null;
    for (Budget b : budgets) {
      long[] s = sums.get(b.key());
      if (Math.addExact(Math.addExact(s[0], s[1]), want) > b.limit().micros()) {
        BudgetOverrun overrun = new BudgetOverrun(b, accounts.get(b.key()).window(),
            Money.ofMicros(currency, s[0]), Money.ofMicros(currency, s[1]), r.amount());
        if (!b.isHard()) {
          soft.add(overrun);
        } else if (refusal == null) {
          refusal = overrun;
        }
      }
    }
    if (fits != (refusal == null) || fits && recorded != accounts.size()) {
      c.rollback();
      throw new SQLException("the reserve statement disagrees with its own sums (fits " + fits + ", recorded "
          + recorded + " of " + accounts.size() + ")", "HAI02");
    }
    c.commit();
    return fits ? new ReserveOutcome.Reserved(r, soft) : new ReserveOutcome.Refused(refusal);
  }

  private static void createAccounts(Connection c, Iterable<Account> accounts, String currency) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO hai_budget_account"
        + " (budget_key, period_start, period_end, period_label, currency) VALUES (?, ?, ?, ?, ?)"
        + " ON CONFLICT (budget_key, period_start) DO NOTHING")) {
      for (Account a : accounts) {
        ps.setString(1, a.key());
        ps.setObject(2, a.start());
        ps.setObject(3, a.window().end().atOffset(ZoneOffset.UTC));
        ps.setString(4, a.window().label());
        ps.setString(5, currency);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    c.commit();
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
    // one row per budget key (a reservation's accounts share its time), updated in the lock order
    TreeMap<String, Object[]> rows = new TreeMap<>(KEY_ORDER);
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM hai_budget_reservation WHERE id = ?"
        + " RETURNING budget_key, period_start, amount_micros")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          OffsetDateTime start = rs.getObject(2, OffsetDateTime.class);
          rows.put(rs.getString(1), new Object[] {rs.getString(1), start, rs.getLong(3)});
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

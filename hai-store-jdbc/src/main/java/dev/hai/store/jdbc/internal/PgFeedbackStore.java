package dev.hai.store.jdbc.internal;

import dev.hai.core.phi.PhiRedactor;
import dev.hai.eval.feedback.CallIndex;
import dev.hai.eval.feedback.Feedback;
import dev.hai.eval.feedback.FeedbackCategory;
import dev.hai.eval.feedback.FeedbackStoreException;
import dev.hai.eval.feedback.SubmitResult;
import dev.hai.eval.feedback.Verdict;
import dev.hai.eval.internal.FeedbackAdmission;
import dev.hai.store.jdbc.JdbcFeedbackStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/** The {@link JdbcFeedbackStore} for PostgreSQL. */
public final class PgFeedbackStore implements JdbcFeedbackStore {
  private static final String COLUMNS = "call_id, verdict, category, correction, clinician_id, clinician_role,"
      + " submitted_at, time_to_respond_ms";
  private static final String INSERT = "INSERT INTO hai_feedback (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
      + " ON CONFLICT (call_id) DO NOTHING";
  private static final String BY_CALL = "SELECT " + COLUMNS + " FROM hai_feedback WHERE call_id = ?";
  private static final String RANGE = "SELECT " + COLUMNS + " FROM hai_feedback WHERE submitted_at >= ?"
      + " AND submitted_at < ? ORDER BY submitted_at, call_id";
  private static final String ALL = "SELECT " + COLUMNS + " FROM hai_feedback ORDER BY submitted_at, call_id";

  private final DataSource dataSource;
  private final CallIndex calls;
  private final @Nullable PhiRedactor redactor;

  public PgFeedbackStore(DataSource dataSource, CallIndex calls, @Nullable PhiRedactor redactor) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.calls = Objects.requireNonNull(calls, "calls");
    this.redactor = redactor;
  }

  @Override
  public SubmitResult submit(Feedback feedback) {
    Objects.requireNonNull(feedback, "feedback");
    SubmitResult admitted = FeedbackAdmission.admit(feedback, calls, redactor);
    if (!(admitted instanceof SubmitResult.Accepted accepted)) {
      return admitted;
    }
    Feedback f = accepted.feedback();
    try (Connection c = dataSource.getConnection()) {
      int inserted;
      try (PreparedStatement ps = c.prepareStatement(INSERT)) {
        ps.setObject(1, f.callId());
        ps.setString(2, f.verdict().name());
        ps.setString(3, f.category() == null ? null : f.category().name());
        ps.setString(4, f.correction());
        ps.setString(5, f.clinicianId());
        ps.setString(6, f.clinicianRole());
        ps.setObject(7, f.submittedAt().atOffset(ZoneOffset.UTC));
        if (f.timeToRespond() == null) {
          ps.setNull(8, Types.BIGINT);
        } else {
          ps.setLong(8, f.timeToRespond().toMillis());
        }
        inserted = ps.executeUpdate();
      }
      if (!c.getAutoCommit()) {
        c.commit(); // submit returns only once the row is committed, whatever the pool's default
      }
      if (inserted == 1) {
        return accepted;
      }
      Feedback existing = byCall(c, f.callId()).orElseThrow(() -> new FeedbackStoreException(
          "feedback on call " + f.callId() + " conflicted with a row that is gone (was it deleted?)"));
      return new SubmitResult.Duplicate(f.callId(), existing.submittedAt());
    } catch (SQLException e) {
      throw new FeedbackStoreException("cannot store feedback on call " + f.callId() + ": " + Sql.describe(e), e);
    }
  }

  @Override
  public Optional<Feedback> get(UUID callId) {
    Objects.requireNonNull(callId, "callId");
    try (Connection c = dataSource.getConnection()) {
      return byCall(c, callId);
    } catch (SQLException e) {
      throw new FeedbackStoreException("cannot read feedback on call " + callId + ": " + Sql.describe(e), e);
    }
  }

  @Override
  public Stream<Feedback> query(Instant from, Instant to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    return list(RANGE, clamp(from), clamp(to)).stream();
  }

  @Override
  public List<Feedback> all() {
    return list(ALL, null, null);
  }

  // PostgreSQL's timestamptz spans 4713 BC to 294276 AD; Instant.MIN / MAX stand for "unbounded".
  private static OffsetDateTime clamp(Instant t) {
    Instant lo = Instant.parse("-4000-01-01T00:00:00Z");
    Instant hi = Instant.parse("+200000-01-01T00:00:00Z");
    return (t.isBefore(lo) ? lo : t.isAfter(hi) ? hi : t).atOffset(ZoneOffset.UTC);
  }

  private List<Feedback> list(String sql, @Nullable OffsetDateTime from, @Nullable OffsetDateTime to) {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      if (from != null) {
        ps.setObject(1, from);
        ps.setObject(2, to);
      }
      List<Feedback> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(row(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new FeedbackStoreException("cannot read feedback: " + Sql.describe(e), e);
    }
  }

  private static Optional<Feedback> byCall(Connection c, UUID callId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(BY_CALL)) {
      ps.setObject(1, callId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    }
  }

  private static Feedback row(ResultSet rs) throws SQLException {
    String category = rs.getString(3);
    long ttr = rs.getLong(8);
    Duration timeToRespond = rs.wasNull() ? null : Duration.ofMillis(ttr);
    return new Feedback(rs.getObject(1, UUID.class), Verdict.valueOf(rs.getString(2)),
        category == null ? null : FeedbackCategory.valueOf(category), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getObject(7, OffsetDateTime.class).toInstant(), timeToRespond);
  }
}

package dev.hai.store.jdbc;

import dev.hai.eval.feedback.FeedbackStore;

/**
 * Clinicians' feedback in PostgreSQL ({@code hai_feedback}, migration V4), shared by every JVM: a
 * {@link FeedbackStore} from {@link JdbcStore#feedbackStore}.
 *
 * <p>{@link #submit} checks the call against the store's {@code CallIndex} (by default the audit
 * trail in the same database, {@link JdbcStore#callIndex()}), then inserts one row and commits
 * before it returns; the call id is the key, so of two submissions for one call from any JVMs
 * exactly one is accepted and the other is a {@code Duplicate}. The correction text may hold PHI:
 * protect the table, or build the store with a redactor. Thread-safe; each operation takes one
 * connection from the DataSource.
 */
public interface JdbcFeedbackStore extends FeedbackStore {}

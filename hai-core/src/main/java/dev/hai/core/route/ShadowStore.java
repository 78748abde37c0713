package dev.hai.core.route;

import dev.hai.core.audit.ContentRedactor;
import dev.hai.core.internal.Checks;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where shadow results go. The embedded default is {@link JsonlShadowStore} (one JSON object per
 * line); {@code hai-store-jdbc}'s {@code JdbcShadowStore} keeps them in PostgreSQL.
 *
 * <p>A shadow store holds clinical content (see {@link ShadowResult}): protect it like the
 * application's answers, or wrap it with {@link #redactingText}.
 *
 * <p>Implementations must be thread-safe: results of concurrent shadows are appended from the
 * shadow pool's threads. {@link #append} is called off the primary call's path; it may block, but
 * a slow store slows only the shadow pool. It should throw only when the result could not be kept.
 */
public interface ShadowStore extends AutoCloseable {

  /**
   * Keeps one result.
   *
   * @throws RuntimeException when it could not be kept (the shadow pool logs it, without content)
   */
  void append(ShadowResult result);

  /**
   * The results kept for {@code route}, or for every route when null, in the order appended. For
   * reports; a store may read them from disk on every call.
   */
  List<ShadowResult> read(@Nullable String route);

  /** One line for {@code describe()}: what the store is. */
  default String describe() {
    return getClass().getSimpleName();
  }

  /** Releases the store's resources. The default does nothing. */
  @Override
  default void close() {}

  /**
   * A store that passes each answer through {@code redactor} (for example {@code
   * ContentRedactor.phi(PhiRedactor.defaults())}) before handing the result to {@code store}; the
   * comparators' scores and the output digest are of the unredacted answer.
   */
  static ShadowStore redactingText(ShadowStore store, ContentRedactor redactor) {
    Checks.required(store, "store");
    Checks.required(redactor, "redactor");
    return new ShadowStore() {
      @Override
      public void append(ShadowResult result) {
        store.append(result.text() == null ? result : result.withRedactedText(redactor.redact(result.text())));
      }

      @Override
      public List<ShadowResult> read(@Nullable String route) {
        return store.read(route);
      }

      @Override
      public String describe() {
        return store.describe() + ", answers redacted on write";
      }

      @Override
      public void close() {
        store.close();
      }
    };
  }
}

package dev.hai.core.spi;

import dev.hai.core.ClinicalResult;

/**
 * One step of the call pipeline, in the style of OkHttp's interceptors: it gets the call's context
 * and a chain, and either returns a result itself (ending the call early) or calls
 * {@link Chain#proceed} and returns, or changes, what the rest of the chain returned.
 *
 * <p>Built-in stages run in a fixed order (see {@code ClinicalModelClient.describe()}); user
 * stages are added at one of the {@link dev.hai.core.StagePosition}s.
 *
 * <p>A stage must be thread-safe and must not throw for expected conditions: return a {@link
 * ClinicalResult} instead. A stage that throws is treated as a programming error and the exception
 * propagates to the caller of {@code call}.
 */
@FunctionalInterface
public interface Stage {

  ClinicalResult intercept(Chain chain);

  /** A short name shown by {@code describe()}. Defaults to the class's simple name. */
  default String name() {
    String simple = getClass().getSimpleName();
    return simple.isEmpty() ? getClass().getName() : simple;
  }

  /** The rest of the pipeline, as seen from one stage. */
  interface Chain {

    /** The call as it reached this stage. */
    CallContext context();

    /** Runs the rest of the pipeline with the given (possibly changed) context. */
    ClinicalResult proceed(CallContext context);
  }
}

package dev.hai.eval.feedback;

/** What was wrong with an answer that was not {@link Verdict#CORRECT}. */
public enum FeedbackCategory {
  /** A statement of fact was wrong. */
  FACTUAL_ERROR,
  /** Something that should have been there was missing. */
  OMISSION,
  /** The answer could harm a patient if acted on; the rollout decision treats any excess as a regression. */
  UNSAFE,
  /** Right content, wrong form. */
  FORMATTING,
  /** Anything else. */
  OTHER
}

package dev.hai.eval.feedback;

/** A clinician's judgement of one answer. */
public enum Verdict {
  /** The answer was right and usable as given. */
  CORRECT,
  /** The answer was wrong. */
  INCORRECT,
  /** Partly right: usable only after a correction. */
  PARTIALLY_CORRECT
}

package dev.hai.core;

/**
 * Where a user stage runs among the built-in stages. The built-in order (audit, kill switch,
 * prompt, policy, budget, input guard, cache, route, model, output validation) is fixed; these
 * positions stay stable as modules add built-ins.
 */
public enum StagePosition {
  /**
   * Before the prompt is resolved: sees the raw request, for example to enrich the caller or
   * reject early.
   */
  BEFORE_PROMPT,
  /**
   * After the prompt is resolved and before policy: sees the rendered messages and effective
   * parameters.
   */
  AFTER_PROMPT,
  /** Innermost, just before the model stage: sees exactly what the backends will receive. */
  BEFORE_MODEL
}

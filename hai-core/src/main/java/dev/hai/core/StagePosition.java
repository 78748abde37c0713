package dev.hai.core;

/**
 * Where a user stage runs among the built-in stages. The built-in order (audit, kill switch,
 * prompt, policy, budget, input guard, cache, route, model, output validation; input guard, cache,
 * route and output validation are planned) is fixed; these positions stay stable as built-ins are
 * added.
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
  /**
   * After policy and budget, before the late kill-switch check and the model stage: sees the
   * messages and parameters the model stage will send, after the policy's token cap. Under the
   * policy's {@code redact_phi} obligation the model stage masks PHI in them for each external
   * backend, so an external backend receives a redacted copy of what this stage sees.
   */
  BEFORE_MODEL
}

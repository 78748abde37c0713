/**
 * Policy as code: the input document HAI sends to a policy engine ({@link
 * dev.hai.core.policy.PolicyInput}) and the decision it expects back ({@link
 * dev.hai.core.policy.PolicyDecision}, {@link dev.hai.core.policy.Obligations}).
 *
 * <p>The engines (OPA in-process and remote) live in {@code hai-governance}; they plug in through
 * {@link dev.hai.core.spi.PolicyEngine}. The documents, field by field, are described for policy
 * authors in {@code docs/policy-authoring.md}, and the input's JSON Schema ships in this jar as
 * {@value dev.hai.core.policy.PolicyInput#SCHEMA_RESOURCE}.
 */
@NullMarked
package dev.hai.core.policy;

import org.jspecify.annotations.NullMarked;

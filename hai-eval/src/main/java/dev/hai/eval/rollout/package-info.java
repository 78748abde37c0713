/**
 * Champion / challenger decisions on clinicians' feedback: the routed calls ({@link
 * dev.hai.eval.rollout.ArmCall}, {@link dev.hai.eval.rollout.RolloutData}), the {@link
 * dev.hai.eval.rollout.DecisionEngine} with its {@link dev.hai.eval.rollout.RolloutCriteria}, the
 * sealed {@link dev.hai.eval.rollout.RolloutDecision} (promote, roll back, keep testing) with the
 * {@link dev.hai.eval.rollout.RolloutEvidence} behind it, and the feedback {@link
 * dev.hai.eval.rollout.ResponseRates}.
 */
@NullMarked
package dev.hai.eval.rollout;

import org.jspecify.annotations.NullMarked;

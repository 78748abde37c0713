/**
 * Clinicians' feedback on answered calls: the {@link dev.hai.eval.feedback.Feedback} value, the
 * {@link dev.hai.eval.feedback.FeedbackStore} SPI with its embedded JSON Lines default {@link
 * dev.hai.eval.feedback.JsonlFeedbackStore}, and the {@link dev.hai.eval.feedback.CallIndex} of
 * known calls a store validates against. The rollout decision reads it (see {@code
 * dev.hai.eval.rollout}).
 */
@NullMarked
package dev.hai.eval.feedback;

import org.jspecify.annotations.NullMarked;

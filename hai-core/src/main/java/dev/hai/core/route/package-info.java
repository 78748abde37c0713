/**
 * Routing: champion, challenger and shadow arms of a use.
 *
 * <p>A {@link dev.hai.core.route.Route} names the arms of one use (a prompt id): the champion that
 * serves by default, an optional challenger that serves a sticky share of subjects, and shadows that
 * run after the answer, only to be recorded. The client's route stage (stage 8, after budget and
 * before model) assigns the arm; the result's {@link dev.hai.core.CallMetadata#route()} and the audit
 * record's {@code route} object say which arm served. Shadow outputs go to a {@link
 * dev.hai.core.route.ShadowStore}, scored by {@link dev.hai.core.route.ShadowComparator}s. See {@code
 * docs/rollout.md}.
 */
@NullMarked
package dev.hai.core.route;

import org.jspecify.annotations.NullMarked;

package dev.hai.prompts;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A change to a prompt's labels or experiments, as recorded in the audit trail.
 *
 * @param promptId the prompt
 * @param subject what changed: {@code "<id>@<label>"} or {@code "<id>#<experiment>"}
 * @param kind {@code prompt.label}, {@code prompt.experiment.start} or {@code prompt.experiment.end}
 * @param from the state before (a version, or an experiment's arms), or {@code null}
 * @param to the state after, or {@code null} when removed
 * @param by who made the change
 * @param why the reason given
 * @param at when
 */
public record LabelChange(String promptId, String subject, String kind, @Nullable String from,
    @Nullable String to, String by, String why, Instant at) {}

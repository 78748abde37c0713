package dev.hai.core.route;

/**
 * Counters of a route table's shadow pool since it was built; a snapshot.
 *
 * @param submitted shadow calls accepted by the pool
 * @param dropped shadow calls refused because the pool and its queue were full, or still queued when
 *     the table closed (nothing was sent for either)
 * @param finished shadow calls that ended, whatever their outcome (recorded and stored)
 * @param timedOut of {@code finished}, those whose own deadline passed
 * @param storeFailures results the shadow store or the audit sink could not keep
 */
public record ShadowStats(long submitted, long dropped, long finished, long timedOut, long storeFailures) {}

/**
 * The HAI client API: build one {@link dev.hai.core.ClinicalModelClient}, send it
 * {@link dev.hai.core.ClinicalRequest}s and read back {@link dev.hai.core.ClinicalResult} values.
 *
 * <p>Everything in this package is public API. Implementations live in {@code dev.hai.core.internal}
 * and may change without notice; extension points are in {@code dev.hai.core.spi}.
 */
@NullMarked
package dev.hai.core;

import org.jspecify.annotations.NullMarked;

/** The audit stage, the JSON Lines sink, recovery and the verifier. Not API. */
@NullMarked
package dev.hai.core.internal.audit;

import org.jspecify.annotations.NullMarked;

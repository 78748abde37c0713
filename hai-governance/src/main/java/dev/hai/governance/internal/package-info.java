/** Implementation of the policy engines: bundle reading, JSON mapping, the instance pool. */
@NullMarked
package dev.hai.governance.internal;

import org.jspecify.annotations.NullMarked;

/** Implementation of {@link dev.hai.core.phi.PhiRedactor}. Not API: may change in any release. */
@NullMarked
package dev.hai.core.internal.phi;

import org.jspecify.annotations.NullMarked;

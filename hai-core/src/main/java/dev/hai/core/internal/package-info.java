/** Implementation details of hai-core. Not API: may change in any release. */
@NullMarked
package dev.hai.core.internal;

import org.jspecify.annotations.NullMarked;

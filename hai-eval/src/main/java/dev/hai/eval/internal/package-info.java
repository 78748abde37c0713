/** Implementation of hai-eval; not API. */
@NullMarked
package dev.hai.eval.internal;

import org.jspecify.annotations.NullMarked;

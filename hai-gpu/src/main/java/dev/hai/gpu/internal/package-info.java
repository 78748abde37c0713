/** Implementation details of hai-gpu; not API, may change without notice. */
@NullMarked
package dev.hai.gpu.internal;

import org.jspecify.annotations.NullMarked;

/** Implementation of the kill-switch file store: the file format, the watcher. Not API. */
@NullMarked
package dev.hai.governance.internal.kill;

import org.jspecify.annotations.NullMarked;

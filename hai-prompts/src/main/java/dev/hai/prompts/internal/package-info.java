/** Implementation of hai-prompts: file reading, canonical form, snapshots, the directory watch. Not API. */
@NullMarked
package dev.hai.prompts.internal;

import org.jspecify.annotations.NullMarked;

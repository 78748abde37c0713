/** The {@code hai-prompts} command line. Not API: start it through {@code dev.hai.prompts.PromptsCli}. */
@NullMarked
package dev.hai.prompts.internal.cli;

import org.jspecify.annotations.NullMarked;

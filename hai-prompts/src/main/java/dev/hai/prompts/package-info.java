/**
 * Prompts as versioned, hash-pinned, auditable artifacts.
 *
 * <p>{@link dev.hai.prompts.PromptTemplate} is one prompt file (one version): messages with {@code
 * {{variable}}} placeholders, declared variables, model defaults, approval and a content hash.
 * {@link dev.hai.prompts.PromptRegistry} serves a directory or classpath folder of them to the
 * client as its {@link dev.hai.core.spi.PromptResolver}: by label, exact version or range, with
 * experiments ({@link dev.hai.prompts.Experiment}), reload, a lock file ({@link
 * dev.hai.prompts.PromptLock}) and audited label moves. {@link dev.hai.prompts.PromptsCli} is the
 * {@code hai-prompts} command line. The guide is docs/prompts.md.
 */
@NullMarked
package dev.hai.prompts;

import org.jspecify.annotations.NullMarked;

/**
 * A {@link dev.hai.core.spi.ModelBackend} for Anthropic's Messages API: {@link
 * dev.hai.core.backend.anthropic.AnthropicBackend}.
 */
@NullMarked
package dev.hai.core.backend.anthropic;

import org.jspecify.annotations.NullMarked;

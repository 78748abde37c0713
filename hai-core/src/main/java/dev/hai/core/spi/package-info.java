/**
 * Service-provider interfaces: what modules and applications implement to plug into the client.
 *
 * <ul>
 *   <li>{@link dev.hai.core.spi.ModelBackend}: a model that answers a {@link dev.hai.core.spi.ModelCall}.
 *   <li>{@link dev.hai.core.spi.Stage}: an interceptor in the call pipeline.
 *   <li>{@link dev.hai.core.spi.PromptResolver}: turns a prompt reference into messages.
 *   <li>{@link dev.hai.core.spi.Sleeper}: how retries wait (replaceable in tests).
 * </ul>
 */
@NullMarked
package dev.hai.core.spi;

import org.jspecify.annotations.NullMarked;

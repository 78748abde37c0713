package dev.hai.gpu.internal;

import de.kherud.llama.LlamaModel;
import de.kherud.llama.LogLevel;
import de.kherud.llama.args.LogFormat;
import dev.hai.core.phi.PhiSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes llama.cpp's native log to SLF4J at debug level under {@code dev.hai.gpu.llama.cpp}, so
 * that the model's loading chatter stays out of an application's console unless asked for.
 *
 * <p>llama.cpp's logger is process-wide; it is installed once, before the first model loads.
 */
public final class NativeLog {
  private static final Logger log = LoggerFactory.getLogger("dev.hai.gpu.llama.cpp");
  private static boolean installed;

  private NativeLog() {}

  /**
   * Installs the SLF4J route if it is not installed yet.
   *
   * @throws UnsatisfiedLinkError if the native library cannot be loaded
   */
  public static synchronized void install() {
    if (installed) {
      return;
    }
    LlamaModel.setLogger(LogFormat.TEXT, NativeLog::write);
    installed = true;
  }

  private static void write(LogLevel level, String message) {
    // Everything at debug: even llama.cpp's warnings are about its own loading, not about a call.
    if (log.isDebugEnabled()) {
      // llama.cpp can print prompt text at some log levels: mask identifiers before writing it.
      log.debug("[{}] {}", level, PhiSafe.redacted(message.stripTrailing()));
    }
  }
}

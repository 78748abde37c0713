package dev.hai.core.audit;

import dev.hai.core.internal.audit.Verifier;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Proves an audit log directory untouched: every record's hash matches its content, and every
 * record links to the one before it, across files. Reports the first record where that fails.
 *
 * <pre>{@code
 * AuditVerification v = AuditVerifier.verify(Path.of("/var/lib/myapp/audit"), Optional.of(chainKey));
 * v.broken().ifPresent(b -> alert(b.file() + ":" + b.line() + " " + b.problem()));
 * }</pre>
 *
 * <p>From a shell: {@code java -cp hai-core.jar:... dev.hai.core.audit.AuditCli verify <dir>}.
 * Stateless and thread-safe; reads the files, never writes them.
 */
public final class AuditVerifier {
  private AuditVerifier() {}

  /**
   * Verifies the log in {@code directory}.
   *
   * @param hmacKey the sink's chain key, if it had one; a log written with a key verifies only with
   *     that key, and one written without verifies only without
   * @throws AuditException if the directory cannot be read
   */
  public static AuditVerification verify(Path directory, Optional<byte[]> hmacKey) {
    return Verifier.verify(directory, hmacKey.orElse(null));
  }
}

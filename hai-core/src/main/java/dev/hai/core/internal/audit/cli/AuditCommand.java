package dev.hai.core.internal.audit.cli;

import dev.hai.core.audit.AuditVerification;
import dev.hai.core.audit.AuditVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import dev.hai.core.internal.CommandLines;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hai-audit}: picocli commands over an audit log. */
@Command(
    name = "hai-audit",
    mixinStandardHelpOptions = true,
    description = "Tools for HAI audit logs.",
    subcommands = AuditCommand.Verify.class)
public final class AuditCommand extends CommandLines.Parent {
  static final int OK = 0;
  static final int BROKEN = 1;
  static final int USAGE = CommandLines.USAGE;

  public static int run(String... args) {
    return CommandLines.execute(new AuditCommand(), args);
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Verify the hash chain of the audit log in DIR. Exit 0: intact; 1: broken; 2: usage "
          + "or read error.")
  static final class Verify implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "the audit log directory")
    Path dir;

    @Option(names = "--key-file", paramLabel = "FILE",
        description = "file holding the HMAC chain key (its raw bytes), if the log was written with one")
    Path keyFile;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      if (!Files.isDirectory(dir)) {
        spec.commandLine().getErr().println("hai-audit: not a directory: " + dir);
        return USAGE;
      }
      Optional<byte[]> key = keyFile == null ? Optional.empty() : Optional.of(Files.readAllBytes(keyFile));
      AuditVerification v = AuditVerifier.verify(dir, key);
      for (Path q : v.quarantineFiles()) {
        out.println("note: quarantined torn tail (crash recovery): " + q);
      }
      if (v.ok()) {
        out.printf("OK: %d records in %d files verified; last hash %s%n", v.records(), v.files(), v.lastHash());
        out.flush();
        return OK;
      }
      AuditVerification.Break b = v.firstBreak();
      out.printf("BROKEN: %s at %s line %d (record %s): %s%n", b.problem(), b.file(), b.line(),
          b.recordId() == null ? "unreadable" : b.recordId(), b.detail());
      out.printf("%d records verified before it%n", v.records());
      out.flush();
      return BROKEN;
    }
  }
}

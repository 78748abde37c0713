/**
 * HAI prompts: versioned, hash-pinned prompt files, a reloadable registry with labels, rollback,
 * experiments and a lock file, and the {@code hai-prompts} command line.
 */
module dev.hai.prompts {
  requires transitive dev.hai.core;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires org.slf4j;
  requires static info.picocli; // only the hai-prompts command line uses it
  requires static transitive org.jspecify;

  exports dev.hai.prompts;

  opens dev.hai.prompts.internal.cli to info.picocli;
}

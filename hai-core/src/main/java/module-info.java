/**
 * HAI core: the clinical model client, its call pipeline, the cloud backends and the SPIs.
 *
 * <p>Exported: the API ({@code dev.hai.core}), the extension points ({@code dev.hai.core.spi}), the
 * audit trail ({@code dev.hai.core.audit}) and the backends. Everything under {@code
 * dev.hai.core.internal} is implementation and not exported.
 */
module dev.hai.core {
  requires transitive okhttp3; // OkHttpClient is accepted by the backends' builders
  requires com.fasterxml.jackson.databind;
  requires io.github.resilience4j.core;
  requires io.github.resilience4j.retry;
  requires org.slf4j;
  requires static info.picocli; // only the hai-audit command line uses it
  requires static transitive org.jspecify;

  exports dev.hai.core;
  exports dev.hai.core.spi;
  exports dev.hai.core.audit;
  exports dev.hai.core.cost;
  exports dev.hai.core.phi;
  exports dev.hai.core.policy;
  exports dev.hai.core.route;
  exports dev.hai.core.backend.anthropic;
  exports dev.hai.core.backend.openai;

  // One atomic file writer for the prompt labels and lock file and the kill-switch file.
  exports dev.hai.core.internal.io to dev.hai.prompts, dev.hai.governance;
  // The stable subject hash shared by route arms and hai-prompts' experiments.
  exports dev.hai.core.internal.route to dev.hai.prompts;

  opens dev.hai.core.internal to info.picocli; // CommandLines.Parent's injected spec
  opens dev.hai.core.internal.audit.cli to info.picocli;
  opens dev.hai.core.internal.cost.cli to info.picocli;
}

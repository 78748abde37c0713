package dev.hai.core.spi;

/** Where a model runs; policies use it to decide whether PHI may be sent. */
public enum Hosting {
  /** A third party's service (Anthropic, OpenAI, Azure OpenAI). Data leaves the hospital. */
  EXTERNAL,
  /** The hospital's own hardware: in-process or a server on its network. */
  LOCAL
}

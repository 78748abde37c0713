package dev.hai.core.internal;

import dev.hai.core.spi.Stage;

/** A stage of hai's own, which can describe its configuration for {@code describe()}. */
public interface BuiltInStage extends Stage {

  /** One line about how the stage is configured. */
  String detail();
}

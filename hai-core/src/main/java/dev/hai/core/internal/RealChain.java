package dev.hai.core.internal;

import dev.hai.core.ClinicalResult;
import dev.hai.core.spi.CallContext;
import dev.hai.core.spi.Stage;
import java.util.List;

/** The chain a stage sees: the stages after it, run in order. */
final class RealChain implements Stage.Chain {
  private final List<Stage> stages;
  private final int index;
  private final CallContext context;

  RealChain(List<Stage> stages, int index, CallContext context) {
    this.stages = stages;
    this.index = index;
    this.context = context;
  }

  @Override
  public CallContext context() {
    return context;
  }

  @Override
  public ClinicalResult proceed(CallContext next) {
    if (index >= stages.size()) {
      throw new IllegalStateException("the model stage is last and must not call proceed()");
    }
    Stage stage = stages.get(index);
    ClinicalResult result = stage.intercept(new RealChain(stages, index + 1, next));
    if (result == null) {
      throw new IllegalStateException("stage '" + stage.name() + "' returned null");
    }
    return result;
  }
}

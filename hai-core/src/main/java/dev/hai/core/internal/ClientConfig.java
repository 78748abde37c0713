package dev.hai.core.internal;

import dev.hai.core.RetryPolicy;
import dev.hai.core.StagePosition;
import dev.hai.core.cost.CostTracking;
import dev.hai.core.phi.PhiRedactor;
import dev.hai.core.internal.audit.AuditSettings;
import dev.hai.core.route.RouteTable;
import dev.hai.core.spi.KillSwitches;
import dev.hai.core.spi.ModelBackend;
import dev.hai.core.spi.PromptResolver;
import dev.hai.core.spi.Sleeper;
import dev.hai.core.spi.Stage;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;

/** Everything the builder collected, handed to the implementation. */
public record ClientConfig(
    List<BackendRoute> backends,
    List<UserStage> stages,
    Duration defaultTimeout,
    @Nullable PromptResolver promptResolver,
    @Nullable ExecutorService asyncExecutor,
    int asyncThreads,
    int asyncQueue,
    Clock clock,
    Sleeper sleeper,
    @Nullable AuditSettings audit,
    PhiRedactor phiRedactor,
    @Nullable CostTracking costTracking,
    @Nullable PolicySettings policy,
    @Nullable KillSwitches killSwitches,
    @Nullable Routing routing) {

  public ClientConfig {
    backends = List.copyOf(backends);
    stages = List.copyOf(stages);
  }

  /** A backend and its retry policy ({@code null} until the builder fills in the default). */
  public record BackendRoute(ModelBackend backend, @Nullable RetryPolicy retryPolicy) {}

  /** The route table, and the retry policy of the arms' own backends (the client's default). */
  public record Routing(RouteTable table, RetryPolicy armRetryPolicy) {}

  /** A user stage and where it goes. */
  public record UserStage(StagePosition position, Stage stage) {}
}

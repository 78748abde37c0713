package dev.hai.core.internal.route;

import dev.hai.core.route.RouteTable;
import java.util.function.Function;

/**
 * Lets the client's route stage reach a {@link RouteTable}'s shadow pool, which is not API. The
 * table installs the accessor when its class initialises (the pattern of OkHttp's {@code Internal}).
 */
public final class RouteTables {
  private static volatile Function<RouteTable, ShadowPool> pools;

  private RouteTables() {}

  /** Installed by {@link RouteTable}'s static initialiser. */
  public static void install(Function<RouteTable, ShadowPool> accessor) {
    pools = accessor;
  }

  /** The table's shadow pool. */
  public static ShadowPool pool(RouteTable table) {
    Function<RouteTable, ShadowPool> f = pools;
    if (f == null) {
      throw new IllegalStateException("RouteTable is not initialised");
    }
    return f.apply(table);
  }
}

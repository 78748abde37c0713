package dev.hai.governance.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InstancePoolTest {
  private static final Duration SHORT = Duration.ofMillis(50);

  @Test
  void apply_workThrowsError_slotComesBackWithAFreshInstance() throws Exception {
    AtomicInteger made = new AtomicInteger();
    InstancePool<Integer> pool = new InstancePool<>(made::incrementAndGet, 1);
    pool.warm();
    Integer first = pool.borrow(SHORT);
    assertThat(first).isEqualTo(1);

    assertThatThrownBy(() -> pool.apply(first, i -> {
      throw new StackOverflowError("deep");
    })).isInstanceOf(StackOverflowError.class);

    Integer next = pool.borrow(SHORT);
    assertThat(next).as("the slot was returned").isNotNull();
    assertThat(next).as("the failed instance was not reused").isEqualTo(2);
  }

  @Test
  void apply_workCompletes_instanceIsReused() throws Exception {
    AtomicInteger made = new AtomicInteger();
    InstancePool<Integer> pool = new InstancePool<>(made::incrementAndGet, 1);
    pool.warm();
    Integer first = pool.borrow(SHORT);
    Integer tenfold = pool.apply(first, i -> i * 10);
    assertThat(tenfold).isEqualTo(10);
    assertThat(pool.borrow(SHORT)).isEqualTo(1);
  }

  @Test
  void borrow_factoryThrowsError_permitIsReturned() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    InstancePool<Integer> pool = new InstancePool<>(() -> {
      if (calls.incrementAndGet() == 1) {
        throw new ExceptionInInitializerError("broken");
      }
      return calls.get();
    }, 1);
    assertThatThrownBy(() -> pool.borrow(SHORT)).isInstanceOf(ExceptionInInitializerError.class);
    assertThat(pool.borrow(SHORT)).isEqualTo(2);
  }
}

package dev.hai.gpu.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hai.core.ChatMessage;
import dev.hai.core.ClinicalPriority;
import dev.hai.core.GenerationParameters;
import dev.hai.core.InvalidRequestException;
import dev.hai.core.spi.BackendException;
import dev.hai.core.spi.BackendInfo;
import dev.hai.core.spi.FailureKind;
import dev.hai.core.spi.Hosting;
import dev.hai.core.spi.ModelBackend;
import dev.hai.core.spi.ModelCall;
import dev.hai.core.spi.ModelResponse;
import dev.hai.core.spi.SchedulingInfo;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** GpuScheduler with real threads in front of a gated backend: what callers and listeners see. */
class GpuSchedulerTest {
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final List<SchedulerEvent> events = new CopyOnWriteArrayList<>();
  private final GateBackend gpu = new GateBackend("gpu");

  @AfterEach
  void tearDown() {
    gpu.open();
    pool.shutdownNow();
  }

  private static ModelCall call(ClinicalPriority priority, String tenant, Duration timeout) {
    return new ModelCall(UUID.randomUUID(), 1, "gpu-model", List.of(ChatMessage.user("Hi")), GenerationParameters.none(),
        timeout, null, priority, tenant);
  }

  private static ModelCall call(ClinicalPriority priority) {
    return call(priority, "ward-1", Duration.ofSeconds(30));
  }

  private GpuScheduler.Builder scheduler() {
    return GpuScheduler.builder(gpu).listener(events::add);
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 1000 && !condition.getAsBoolean(); i++) {
      Thread.sleep(10);
    }
    assertThat(condition.getAsBoolean()).as("condition reached within 10 s").isTrue();
  }

  /* --- generate --- */

  @Test
  void generate_slotFree_answersWithSchedulingInfo() {
    gpu.open();
    GpuScheduler scheduler = scheduler().build();

    ModelResponse response = scheduler.generate(call(ClinicalPriority.EMERGENCY));

    SchedulingInfo info = response.scheduling();
    assertThat(info.priority()).isEqualTo(ClinicalPriority.EMERGENCY);
    assertThat(info.admission()).isEqualTo(SchedulingInfo.Admission.ADMITTED);
    assertThat(info.queueWait()).isZero();
    assertThat(info.gpuTime()).isNotNull();
    assertThat(events).hasSize(2);
    assertThat(events.get(0)).isInstanceOf(SchedulerEvent.Admitted.class);
    assertThat(events.get(1)).isInstanceOfSatisfying(SchedulerEvent.Completed.class, c -> {
      assertThat(c.failed()).isFalse();
      assertThat(c.tenant()).isEqualTo("ward-1");
    });
    assertThat(scheduler.info()).isEqualTo(gpu.info());
  }

  @Test
  void generate_noPriority_usesTheDefault() {
    gpu.open();
    GpuScheduler scheduler = scheduler().defaultPriority(ClinicalPriority.INSURANCE).build();

    ModelResponse response = scheduler.generate(call(null, null, Duration.ofSeconds(5)));

    assertThat(response.scheduling().priority()).isEqualTo(ClinicalPriority.INSURANCE);
    assertThat(events.get(0).tenant()).isEqualTo(GpuScheduler.NO_TENANT);
  }

  @Test
  void generate_capacityFull_mostUrgentQueuedCallGoesNext() throws Exception {
    GpuScheduler scheduler = scheduler().capacity(1).build();
    Future<ModelResponse> first = pool.submit(() -> scheduler.generate(call(ClinicalPriority.DOCUMENTATION)));
    gpu.awaitCalls(1);
    Future<ModelResponse> admin = pool.submit(() -> scheduler.generate(call(ClinicalPriority.ADMINISTRATIVE)));
    await(() -> scheduler.snapshot().queued() == 1);
    Future<ModelResponse> emergency = pool.submit(() -> scheduler.generate(call(ClinicalPriority.EMERGENCY)));
    await(() -> scheduler.snapshot().queued() == 2);
    assertThat(gpu.calls).hasSize(1); // capacity 1: the others wait

    gpu.release(3);

    first.get(10, TimeUnit.SECONDS);
    assertThat(emergency.get(10, TimeUnit.SECONDS).scheduling().queueWait()).isPositive();
    admin.get(10, TimeUnit.SECONDS);
    assertThat(gpu.calls).extracting(ModelCall::priority)
        .containsExactly(ClinicalPriority.DOCUMENTATION, ClinicalPriority.EMERGENCY, ClinicalPriority.ADMINISTRATIVE);
  }

  @Test
  void generate_queuedCall_getsItsRemainingTimeAsTimeout() throws Exception {
    GpuScheduler scheduler = scheduler().capacity(1).build();
    pool.submit(() -> scheduler.generate(call(ClinicalPriority.DOCUMENTATION)));
    gpu.awaitCalls(1);
    Future<ModelResponse> queued = pool.submit(() -> scheduler.generate(call(ClinicalPriority.EMERGENCY)));
    await(() -> scheduler.snapshot().queued() == 1);
    Thread.sleep(50);

    gpu.release(2);

    Duration waited = queued.get(10, TimeUnit.SECONDS).scheduling().queueWait();
    assertThat(gpu.calls.get(1).timeout()).isEqualTo(Duration.ofSeconds(30).minus(waited));
  }

  /* --- admission --- */

  @Test
  void generate_expectedWaitPastDeadline_refusedAtAdmissionWithCapacity() throws Exception {
    GpuScheduler scheduler = scheduler().capacity(1).initialServiceTime(Duration.ofSeconds(10)).build();
    pool.submit(() -> scheduler.generate(call(ClinicalPriority.DOCUMENTATION)));
    gpu.awaitCalls(1);

    // The slot stays taken: a call that waited would block here and then expire, not be refused.
    BackendException e = catchThrowableOfType(
        () -> scheduler.generate(call(ClinicalPriority.EMERGENCY, "ed", Duration.ofSeconds(5))), BackendException.class);

    assertThat(e.kind()).isEqualTo(FailureKind.CAPACITY);
    assertThat(e.kind().retryable()).isFalse();
    SchedulingInfo info = e.scheduling().orElseThrow();
    assertThat(info.admission()).isEqualTo(SchedulingInfo.Admission.REFUSED);
    assertThat(info.queueWait()).isZero();
    assertThat(info.gpuTime()).isNull();
    assertThat(e.getMessage()).contains("refused the call at admission").contains("deadline");
    assertThat(events).filteredOn(SchedulerEvent.Refused.class::isInstance).singleElement()
        .isInstanceOfSatisfying(SchedulerEvent.Refused.class, r -> {
          assertThat(r.reason()).isEqualTo(SchedulerEvent.RefusalReason.DEADLINE);
          assertThat(r.expectedWait()).isEqualTo(Duration.ofSeconds(10));
        });
    assertThat(gpu.calls).hasSize(1);
  }

  @Test
  void generate_queuedCallThatCanNoLongerFinish_isRemovedBeforeItsDeadline() throws Exception {
    GpuScheduler scheduler = scheduler().capacity(1).initialServiceTime(Duration.ofMillis(500)).build();
    pool.submit(() -> scheduler.generate(call(ClinicalPriority.DOCUMENTATION)));
    gpu.awaitCalls(1);

    // Admitted (0.5 s expected wait + 0.5 s service fit 2 s), but the slot never frees.
    BackendException e = catchThrowableOfType(
        () -> scheduler.generate(call(ClinicalPriority.EMERGENCY, "ed", Duration.ofSeconds(2))), BackendException.class);

    assertThat(e.kind()).isEqualTo(FailureKind.CAPACITY);
    SchedulingInfo info = e.scheduling().orElseThrow();
    assertThat(info.admission()).isEqualTo(SchedulingInfo.Admission.EXPIRED);
    // removed at deadline - service estimate, leaving the rest of its time to a fallback
    assertThat(info.queueWait()).isGreaterThanOrEqualTo(Duration.ofMillis(1500)).isLessThan(Duration.ofSeconds(2));
    assertThat(events).anySatisfy(ev -> assertThat(ev).isInstanceOf(SchedulerEvent.Expired.class));
    assertThat(scheduler.snapshot().queued()).isZero();
  }

  @Test
  void generate_serviceEstimateRisesWhileQueued_callIsRemovedThenNotAtItsDeadline() throws Exception {
    // No estimate yet (initialServiceTime 0): the queued call is admitted with a 3 s deadline.
    GpuScheduler scheduler = scheduler().capacity(2).build();
    pool.submit(() -> scheduler.generate(call(ClinicalPriority.DOCUMENTATION)));
    pool.submit(() -> scheduler.generate(call(ClinicalPriority.DOCUMENTATION)));
    gpu.awaitCalls(2);
    Future<ModelResponse> late = pool.submit(
        () -> scheduler.generate(call(ClinicalPriority.DOCUMENTATION, "ward-2", Duration.ofSeconds(3))));
    await(() -> scheduler.snapshot().queued() == 1);
    pool.submit(() -> scheduler.generate(call(ClinicalPriority.EMERGENCY)));
    await(() -> scheduler.snapshot().queued() == 2);
    Thread.sleep(2000);

    // One call ends after about 2 s: the estimate becomes 2 s, and the emergency takes the slot.
    // The waiting call can no longer start and finish within its 3 s: it goes now, not at 3 s.
    gpu.release(1);

    Throwable thrown = catchThrowableOfType(() -> late.get(10, TimeUnit.SECONDS),
        ExecutionException.class).getCause();
    assertThat(thrown).isInstanceOf(BackendException.class);
    BackendException e = (BackendException) thrown;
    assertThat(e.kind()).isEqualTo(FailureKind.CAPACITY);
    assertThat(e.scheduling().orElseThrow().admission()).isEqualTo(SchedulingInfo.Admission.EXPIRED);
    assertThat(e.scheduling().orElseThrow().queueWait()).isLessThan(Duration.ofMillis(2600));
    assertThat(events).anySatisfy(ev -> assertThat(ev).isInstanceOf(SchedulerEvent.Expired.class));
  }

  /* --- failures --- */

  @Test
  void generate_backendFails_keepsItsKindAndAddsSchedulingInfo() {
    gpu.failWith(BackendException.builder(FailureKind.SERVER_ERROR, "boom").statusCode(500).build()).open();
    GpuScheduler scheduler = scheduler().build();

    BackendException e = catchThrowableOfType(() -> scheduler.generate(call(ClinicalPriority.EMERGENCY)),
        BackendException.class);

    assertThat(e.kind()).isEqualTo(FailureKind.SERVER_ERROR);
    assertThat(e.statusCode()).hasValue(500);
    assertThat(e.scheduling().orElseThrow().admission()).isEqualTo(SchedulingInfo.Admission.ADMITTED);
    assertThat(events).last().isInstanceOfSatisfying(SchedulerEvent.Completed.class, c -> assertThat(c.failed()).isTrue());
    assertThat(scheduler.snapshot().inFlight()).isZero();
  }

  @Test
  void generate_backendThrowsRuntimeException_unavailableWithoutItsMessage_slotFreedAndGpuTimeKept() throws Exception {
    ModelBackend broken = new ModelBackend() {
      @Override
      public BackendInfo info() {
        return new BackendInfo("broken", "fake", Hosting.LOCAL, "gpu-model");
      }

      @Override
      public ModelResponse generate(ModelCall call) {
        sleepQuietly(20);
        throw new IllegalStateException("decode failed for Jane Roe, MRN 4455667");
      }
    };
    GpuScheduler scheduler = GpuScheduler.builder(broken).listener(events::add).build();

    for (int i = 0; i < 2; i++) { // the second call runs: the first freed its slot
      BackendException e = catchThrowableOfType(() -> scheduler.generate(call(ClinicalPriority.EMERGENCY)),
          BackendException.class);

      assertThat(e.kind()).isEqualTo(FailureKind.UNAVAILABLE);
      assertThat(e.getMessage()).contains("IllegalStateException").doesNotContain("Jane", "4455667");
      assertThat(e.scheduling().orElseThrow().gpuTime()).isGreaterThanOrEqualTo(Duration.ofMillis(20));
    }
    assertThat(scheduler.snapshot().inFlight()).isZero();
    assertThat(events).filteredOn(ev -> ev instanceof SchedulerEvent.Completed).hasSize(2)
        .allSatisfy(ev -> assertThat(((SchedulerEvent.Completed) ev).failed()).isTrue());
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /* --- GPU time --- */

  @Test
  void generate_concurrentCalls_gpuTimesSumToTheBusyTime() throws Exception {
    GpuScheduler scheduler = scheduler().capacity(3).gpus(2).build();
    List<Future<ModelResponse>> futures = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      futures.add(pool.submit(() -> scheduler.generate(call(ClinicalPriority.DOCUMENTATION))));
    }
    gpu.awaitCalls(3);
    Thread.sleep(30);
    gpu.release(3);

    long sum = 0;
    for (Future<ModelResponse> f : futures) {
      sum += f.get(10, TimeUnit.SECONDS).scheduling().gpuTime().toNanos();
    }

    long busy = scheduler.snapshot().busyGpuTime().toNanos();
    assertThat(busy).isPositive();
    assertThat(Math.abs(sum - busy)).isLessThanOrEqualTo(3); // rounding to whole nanoseconds
  }

  /* --- diverted --- */

  @Test
  void diverted_reportsAnEvent() {
    GpuScheduler scheduler = scheduler().build();

    scheduler.diverted(call(ClinicalPriority.CRITICAL_CARE), new dev.hai.core.spi.BackendInfo(
        "cloud", "anthropic", dev.hai.core.spi.Hosting.EXTERNAL, "m"));

    assertThat(events).singleElement().isEqualTo(
        new SchedulerEvent.Diverted("gpu", ClinicalPriority.CRITICAL_CARE, "ward-1", "cloud"));
  }

  @Test
  void listener_thatThrows_doesNotBreakTheCall() {
    gpu.open();
    GpuScheduler scheduler = GpuScheduler.builder(gpu).listener(e -> {
      throw new IllegalStateException("listener bug");
    }).build();

    assertThat(scheduler.generate(call(ClinicalPriority.EMERGENCY)).text()).startsWith("answer");
  }

  /* --- close --- */

  @Test
  void close_failsQueuedCalls_waitsForRunningOnes_thenClosesTheBackend() throws Exception {
    GpuScheduler scheduler = scheduler().capacity(1).build();
    Future<ModelResponse> running = pool.submit(() -> scheduler.generate(call(ClinicalPriority.DOCUMENTATION)));
    gpu.awaitCalls(1);
    Future<ModelResponse> queued = pool.submit(() -> scheduler.generate(call(ClinicalPriority.EMERGENCY)));
    await(() -> scheduler.snapshot().queued() == 1);

    Future<?> closing = pool.submit(scheduler::close);
    java.util.concurrent.ExecutionException failure = catchThrowableOfType(() -> queued.get(10, TimeUnit.SECONDS),
        ExecutionException.class);
    assertThat(failure.getCause()).isInstanceOfSatisfying(BackendException.class, e -> {
      assertThat(e.kind()).isEqualTo(FailureKind.CAPACITY);
      assertThat(e.getMessage()).contains("closing");
    });
    assertThat(gpu.closed).isFalse(); // a call still runs
    gpu.release(1);

    assertThat(running.get(10, TimeUnit.SECONDS).text()).startsWith("answer");
    closing.get(10, TimeUnit.SECONDS);
    assertThat(gpu.closed).isTrue();
    assertThat(scheduler.snapshot().closed()).isTrue();
    assertThatThrownBy(() -> scheduler.generate(call(ClinicalPriority.EMERGENCY)))
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.CAPACITY));
    assertThat(events).anySatisfy(ev -> assertThat(ev).isInstanceOfSatisfying(SchedulerEvent.Refused.class,
        r -> assertThat(r.reason()).isEqualTo(SchedulerEvent.RefusalReason.CLOSED)));
  }

  /* --- builder --- */

  @Test
  void builder_badValues_nameTheSetting() {
    GpuScheduler.Builder b = GpuScheduler.builder(gpu);

    assertThatThrownBy(() -> b.capacity(0)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("capacity");
    assertThatThrownBy(() -> b.agingBound(Duration.ZERO)).hasMessageContaining("agingBound");
    assertThatThrownBy(() -> b.serviceTimeSmoothing(0)).hasMessageContaining("serviceTimeSmoothing");
    assertThatThrownBy(() -> b.initialServiceTime(Duration.ofSeconds(-1))).hasMessageContaining("initialServiceTime");
    assertThatThrownBy(() -> b.gpus(0)).hasMessageContaining("gpus");
    assertThatThrownBy(() -> b.maxQueued(0)).hasMessageContaining("maxQueued");
  }
}

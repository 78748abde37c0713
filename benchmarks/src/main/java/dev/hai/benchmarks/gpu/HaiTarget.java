package dev.hai.benchmarks.gpu;

import dev.hai.core.ClinicalModelClient;
import dev.hai.core.ClinicalRequest;
import dev.hai.core.ClinicalResult;

/**
 * HAI's side: {@link ClinicalModelClient#call} with the client built by {@link ServingBench}
 * (hai-core's {@code OpenAiBackend.compatible}, behind a {@link Scheduling}), each request carrying
 * its priority class, the output tokens taken from the result's usage.
 */
final class HaiTarget implements LoadTarget {
  private final ClinicalModelClient client;
  private final Workload workload;

  HaiTarget(ClinicalModelClient client, Workload workload) {
    this.client = client;
    this.workload = workload;
  }

  @Override
  public String name() {
    return "hai";
  }

  @Override
  public Sample call(int index, PriorityClass priorityClass) {
    ClinicalRequest request = workload.request(index).priority(priorityClass.clinical()).build();
    long start = System.nanoTime();
    ClinicalResult result = client.call(request);
    long end = System.nanoTime();
    if (result instanceof ClinicalResult.Success success) {
      return new Sample(end, end - start, success.metadata().usage().outputTokens(), null);
    }
    String why = result instanceof ClinicalResult.Unavailable u
        ? result.outcome() + " (" + u.kind() + ")" : result.outcome();
    return new Sample(end, end - start, 0, why);
  }

  @Override
  public void close() {
    client.close();
  }
}

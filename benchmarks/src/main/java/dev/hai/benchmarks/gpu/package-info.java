/**
 * The GPU serving benchmark: a closed-loop load driver ({@link dev.hai.benchmarks.gpu.ServingBench})
 * that compares output tokens per second through HAI with a bare HTTP client against the same
 * OpenAI-compatible model server, and measures latency per clinical priority class at saturation.
 * See {@code benchmarks/README.md}, section "GPU serving benchmark".
 */
package dev.hai.benchmarks.gpu;

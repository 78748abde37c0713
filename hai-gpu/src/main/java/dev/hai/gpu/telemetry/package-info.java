/**
 * GPU telemetry: {@link dev.hai.gpu.telemetry.GpuTelemetry} polls {@code nvidia-smi} on a daemon
 * thread and keeps the last {@link dev.hai.gpu.telemetry.GpuSnapshot}; where there is no NVIDIA
 * driver it stays empty. See docs/local-gpu.md.
 */
@NullMarked
package dev.hai.gpu.telemetry;

import org.jspecify.annotations.NullMarked;

package dev.hai.gpu.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Whether GPU offload can work in this process: a CUDA build of llama.cpp loaded, and a CUDA device
 * visible. llama.cpp itself only warns on stderr and runs on the CPU when either is missing; this
 * turns that into an error at start-up.
 *
 * <p>How it tells, on Linux, after java-llama.cpp has loaded its native library:
 *
 * <ul>
 *   <li>CUDA build: the CUDA runtime ({@code libcudart}, {@code libcublas}, {@code libcuda}) or a
 *       {@code libggml-cuda} is mapped into the process (a CUDA build links them), or a mapped
 *       llama.cpp library holds llama.cpp's CUDA entry point {@code ggml_cuda_init} (a static build).
 *       The library bundled with {@code de.kherud:llama} has neither.
 *   <li>Device: NVIDIA device nodes {@code /dev/nvidia0}.. exist (the driver is loaded and the
 *       container was given a GPU), and {@code CUDA_VISIBLE_DEVICES} does not hide them all.
 * </ul>
 *
 * <p>Other systems are not checked (macOS builds offload to Metal by themselves).
 */
public final class CudaSupport {
  private static final Pattern CUDA_LIBRARY =
      Pattern.compile("/lib(cudart|cublas|cublasLt|cuda|ggml-cuda|nvidia-ml)[^/]*\\.so[^/]*$");
  private static final Pattern LLAMA_LIBRARY = Pattern.compile("/lib(jllama|llama|ggml)[^/]*\\.so[^/]*$");
  private static final Pattern DEVICE_NODE = Pattern.compile("nvidia[0-9]+");
  private static final byte[] CUDA_SYMBOL = "ggml_cuda_init".getBytes(StandardCharsets.US_ASCII);

  private CudaSupport() {}

  /**
   * Why {@code gpuLayers} cannot be offloaded in this process, or {@code null} when it can (or
   * this system is not checked).
   */
  public static @Nullable String offloadProblem(int gpuLayers) {
    if (gpuLayers <= 0 || !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
      return null;
    }
    String maps;
    try {
      maps = Files.readString(Path.of("/proc/self/maps"), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return null; // no /proc: cannot tell, leave it to llama.cpp
    }
    return offloadProblem(gpuLayers, maps, deviceNodes(Path.of("/dev")), System.getenv("CUDA_VISIBLE_DEVICES"));
  }

  /** {@link #offloadProblem(int)} from what was read of the process and the machine (tests). */
  static @Nullable String offloadProblem(
      int gpuLayers, String maps, List<String> deviceNodes, @Nullable String cudaVisibleDevices) {
    List<Path> llama = mappedLibraries(maps, LLAMA_LIBRARY);
    String loaded = llama.isEmpty() ? "the llama.cpp native library" : "the llama.cpp native library " + llama.get(0);
    if (!cudaBuild(maps, llama)) {
      return "gpuLayers(" + gpuLayers + ") asks for GPU offload, but " + loaded + " has no CUDA: the library "
          + "bundled with de.kherud:llama is a CPU build. Load a CUDA build with -D" + LIBRARY_PATH_PROPERTY
          + "=<directory of libjllama.so> (see docs/local-gpu.md, section CUDA), or set gpuLayers(0) to run on the CPU";
    }
    String hidden = hiddenBy(cudaVisibleDevices);
    if (deviceNodes.isEmpty() || hidden != null) {
      return "gpuLayers(" + gpuLayers + ") asks for GPU offload and " + loaded + " is a CUDA build, but no CUDA "
          + "device is visible: " + (hidden != null ? hidden : "no /dev/nvidia<N> device node (is the NVIDIA "
          + "driver loaded, and was this container given a GPU?)") + ". Set gpuLayers(0) to run on the CPU";
    }
    return null;
  }

  /** The system property java-llama.cpp loads its native library from, before its bundled one. */
  public static final String LIBRARY_PATH_PROPERTY = "de.kherud.llama.lib.path";

  static boolean cudaBuild(String maps, List<Path> llamaLibraries) {
    if (!mappedLibraries(maps, CUDA_LIBRARY).isEmpty()) {
      return true;
    }
    for (Path lib : llamaLibraries) {
      if (contains(lib, CUDA_SYMBOL)) {
        return true;
      }
    }
    return false;
  }

  /** The distinct files of {@code /proc/self/maps} whose path matches {@code pattern}. */
  static List<Path> mappedLibraries(String maps, Pattern pattern) {
    Set<Path> found = new LinkedHashSet<>();
    for (String line : maps.split("\n")) {
      int slash = line.indexOf('/');
      if (slash < 0) {
        continue;
      }
      String path = line.substring(slash).strip();
      if (path.endsWith(" (deleted)")) {
        path = path.substring(0, path.length() - " (deleted)".length());
      }
      Matcher m = pattern.matcher(path);
      if (m.find()) {
        found.add(Path.of(path));
      }
    }
    return new ArrayList<>(found);
  }

  /** Why {@code CUDA_VISIBLE_DEVICES} hides every device, or {@code null} when it does not. */
  static @Nullable String hiddenBy(@Nullable String cudaVisibleDevices) {
    if (cudaVisibleDevices == null) {
      return null;
    }
    String v = cudaVisibleDevices.strip();
    if (v.isEmpty() || v.equals("-1") || v.equalsIgnoreCase("none") || v.equalsIgnoreCase("NoDevFiles")) {
      return "CUDA_VISIBLE_DEVICES='" + cudaVisibleDevices + "' hides every device";
    }
    return null;
  }

  static List<String> deviceNodes(Path dev) {
    try (Stream<Path> files = Files.list(dev)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> DEVICE_NODE.matcher(n).matches()).sorted().toList();
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  /** Whether the file holds {@code needle}, read in chunks (a CUDA library is hundreds of MiB). */
  static boolean contains(Path file, byte[] needle) {
    byte[] buf = new byte[(1 << 20) + needle.length];
    try (InputStream in = Files.newInputStream(file)) {
      int carry = 0;
      int n;
      while ((n = in.readNBytes(buf, carry, buf.length - carry)) > 0) {
        int end = carry + n;
        if (indexOf(buf, end, needle) >= 0) {
          return true;
        }
        // Keep the last needle.length - 1 bytes: a match may straddle two chunks.
        carry = Math.min(needle.length - 1, end);
        System.arraycopy(buf, end - carry, buf, 0, carry);
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  static int indexOf(byte[] haystack, int length, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}

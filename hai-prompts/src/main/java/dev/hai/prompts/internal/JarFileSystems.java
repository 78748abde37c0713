package dev.hai.prompts.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jar file systems that classpath registries read, shared and reference-counted: several
 * registries over one jar share its file system, and it is closed when the last of them closes (and
 * only if it was opened here, not by someone else in the JVM).
 */
public final class JarFileSystems {
  private static final Logger log = LoggerFactory.getLogger(JarFileSystems.class);
  private static final Map<String, Shared> OPEN = new HashMap<>();

  private JarFileSystems() {}

  private static final class Shared {
    final FileSystem fileSystem;
    final boolean owned;
    int leases;

    Shared(FileSystem fileSystem, boolean owned) {
      this.fileSystem = fileSystem;
      this.owned = owned;
    }
  }

  /** One registry's hold on a jar's file system; closing it more than once is harmless. */
  public static final class Lease implements AutoCloseable {
    private final String key;
    private final Shared shared;
    private boolean closed;

    private Lease(String key, Shared shared) {
      this.key = key;
      this.shared = shared;
    }

    public FileSystem fileSystem() {
      return shared.fileSystem;
    }

    @Override
    public void close() {
      synchronized (OPEN) {
        if (closed) {
          return;
        }
        closed = true;
        if (--shared.leases > 0) {
          return;
        }
        OPEN.remove(key, shared);
      }
      if (shared.owned) {
        try {
          shared.fileSystem.close();
        } catch (IOException e) {
          log.debug("closing the prompt jar failed: {}", e.toString());
        }
      }
    }
  }

  /** A lease on the file system of the jar that {@code jarUri} ({@code jar:file:...!/...}) points into. */
  public static Lease open(URI jarUri) throws IOException {
    String spec = jarUri.toString();
    int sep = spec.indexOf("!/");
    String key = sep < 0 ? spec : spec.substring(0, sep);
    synchronized (OPEN) {
      Shared shared = OPEN.get(key);
      if (shared == null || !shared.fileSystem.isOpen()) {
        shared = openNew(jarUri);
        OPEN.put(key, shared);
      }
      shared.leases++;
      return new Lease(key, shared);
    }
  }

  private static Shared openNew(URI jarUri) throws IOException {
    try {
      return new Shared(FileSystems.newFileSystem(jarUri, Map.of()), true);
    } catch (FileSystemAlreadyExistsException e) {
      // opened elsewhere in the JVM: use it, leave closing it to its owner
      return new Shared(FileSystems.getFileSystem(jarUri), false);
    }
  }
}

package dev.hai.core.internal.route;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The stable hash that assigns subjects to arms (route arms here, prompt experiment arms in
 * hai-prompts): the first 8 bytes of SHA-256(UTF-8 of {@code scope + "\n" + subject}) as an
 * unsigned big-endian number, reduced modulo a bucket count.
 */
public final class StableHash {
  private StableHash() {}

  /** The bucket, 0 to {@code buckets - 1}, of {@code subject} within {@code scope}. */
  public static long bucket(String scope, String subject, long buckets) {
    byte[] h;
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(scope.getBytes(StandardCharsets.UTF_8));
      md.update((byte) '\n');
      h = md.digest(subject.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (h[i] & 0xff);
    }
    return Long.remainderUnsigned(v, buckets);
  }
}

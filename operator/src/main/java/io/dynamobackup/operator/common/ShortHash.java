package io.dynamobackup.operator.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Stable short hashes for names derived from longer values (child objects, Events). */
public final class ShortHash {
  private ShortHash() {}

  /** The first {@code bytes} bytes of the SHA-256 of {@code value}, as lower-case hex. */
  public static String of(String value, int bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}

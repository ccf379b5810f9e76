package io.dynamobackup.operator.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Stable short hashes for names derived from longer values (child objects, Events). */
public final class ShortHash {
  private static final HexFormat HEX = HexFormat.of();
  // One digest per thread: MessageDigest.getInstance looks the algorithm up among the security providers on every call,
  // and every Event the operator writes is named by a hash.
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  });

  private ShortHash() {}

  /** The first {@code bytes} bytes of the SHA-256 of {@code value}, as lower-case hex. */
  public static String of(String value, int bytes) {
    MessageDigest sha256 = SHA256.get();
    byte[] digest = sha256.digest(value.getBytes(StandardCharsets.UTF_8)); // digest() also resets it for the next
    return HEX.formatHex(digest, 0, bytes);
  }
}

package dev.factoryproxy.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of client keys, as the key file stores them ({@code key_sha256}, lower-case hex). */
public final class KeyDigests {

  private KeyDigests() {
  }

  public static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM ships SHA-256", e);
    }
  }

  public static String hex(String key) {
    return HexFormat.of().formatHex(sha256(key));
  }
}

package dev.factoryproxy.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The keys clients may present to use the proxy. Keys are held as SHA-256 digests and a
 * presented key is compared with every one of them in constant time, so neither the
 * comparison time nor a heap dump tells an attacker how close a guess was.
 */
public final class ClientKeys {

  private static final ClientKeys NONE = new ClientKeys(List.of());

  private final List<byte[]> digests;

  private ClientKeys(List<byte[]> digests) {
    this.digests = digests;
  }

  public static ClientKeys none() {
    return NONE;
  }

  public static ClientKeys of(List<String> keys) {
    return new ClientKeys(keys.stream().map(ClientKeys::sha256).toList());
  }

  /** Whether clients must present a key at all. */
  public boolean required() {
    return !digests.isEmpty();
  }

  public int count() {
    return digests.size();
  }

  /** Copies of the digests, in the order the keys were given (they become {@code key-1}, {@code key-2}, …). */
  public List<byte[]> digests() {
    return digests.stream().map(byte[]::clone).toList();
  }

  public boolean matches(String presented) {
    if (presented == null || presented.isEmpty()) {
      return false;
    }
    byte[] candidate = sha256(presented);
    boolean match = false;
    for (byte[] digest : digests) {
      match |= MessageDigest.isEqual(digest, candidate);
    }
    return match;
  }

  private static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM ships SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "ClientKeys[" + digests.size() + "]";
  }
}

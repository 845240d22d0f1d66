package dev.factoryproxy.keys;

import java.time.Instant;
import java.util.List;

/**
 * One client identity: its name (what logs and the admin API show), the SHA-256 of its key,
 * the models it may use and its limits.
 *
 * @param name unique, {@code [A-Za-z0-9._-]}
 * @param digest SHA-256 of the key; never shown anywhere
 * @param models globs over model names; empty means every model
 * @param limits its limits
 * @param expiresAt the first instant the key no longer works, or {@code null}
 * @param disabled whether the key is switched off
 */
public record KeySpec(String name, byte[] digest, List<String> models, KeyLimits limits, Instant expiresAt,
                      boolean disabled) {

  public KeySpec {
    models = List.copyOf(models);
    digest = digest.clone();
  }

  /** A {@code PROXY_API_KEYS} key: named by its position, with no limits. */
  public static KeySpec unnamed(int index, byte[] digest) {
    return new KeySpec("key-" + (index + 1), digest, List.of(), KeyLimits.NONE, null, false);
  }

  /** Whether the key may be used at {@code now}. */
  public boolean usableAt(Instant now) {
    return !disabled && (expiresAt == null || now.isBefore(expiresAt));
  }

  @Override
  public byte[] digest() {
    return digest.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeySpec k && k.name.equals(name) && java.util.Arrays.equals(k.digest, digest)
        && k.models.equals(models) && k.limits.equals(limits) && java.util.Objects.equals(k.expiresAt, expiresAt)
        && k.disabled == disabled;
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  /** Never the digest: a record's default toString would print it. */
  @Override
  public String toString() {
    return "KeySpec[" + name + ", models=" + models + ", " + limits + ", expires=" + expiresAt
        + ", disabled=" + disabled + "]";
  }
}

package dev.factoryproxy.keys;

import dev.factoryproxy.config.ClientKeys;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The keys in force at one moment: the key file's entries and the {@code PROXY_API_KEYS} ones,
 * immutable. A reload builds a new ring; a request keeps the spec it was admitted with.
 */
public final class KeyRing {

  private final List<KeySpec> keys;
  private final Map<String, KeySpec> byName;
  private final Map<String, ModelGlobs> globs;
  private final boolean required;

  private KeyRing(List<KeySpec> keys, boolean required) {
    this.keys = List.copyOf(keys);
    this.byName = keys.stream().collect(Collectors.toUnmodifiableMap(KeySpec::name, Function.identity()));
    this.globs = keys.stream().collect(Collectors.toUnmodifiableMap(KeySpec::name, k -> ModelGlobs.of(k.models())));
    this.required = required;
  }

  /**
   * @param fileKeys the key file's entries
   * @param envKeys {@code PROXY_API_KEYS}, appended as {@code key-1}, {@code key-2}, …
   * @param fileInUse whether a key file is configured: then keys are required even when it lists
   *     none, so emptying the file locks the proxy rather than opening it
   */
  public static KeyRing of(List<KeySpec> fileKeys, ClientKeys envKeys, boolean fileInUse) {
    List<KeySpec> all = new ArrayList<>(fileKeys);
    List<byte[]> digests = envKeys.digests();
    for (int i = 0; i < digests.size(); i++) {
      KeySpec unnamed = KeySpec.unnamed(i, digests.get(i));
      if (fileKeys.stream().noneMatch(k -> k.name().equals(unnamed.name()))) {
        all.add(unnamed);
      }
    }
    return new KeyRing(all, fileInUse || !all.isEmpty());
  }

  public static KeyRing open() {
    return new KeyRing(List.of(), false);
  }

  /** Whether clients must present a key at all. */
  public boolean required() {
    return required;
  }

  public List<KeySpec> keys() {
    return keys;
  }

  public Optional<KeySpec> named(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public ModelGlobs models(KeySpec key) {
    // The compiled globs serve only while the key's list is the one they were compiled from: a
    // request admitted before a reload keeps its own list.
    KeySpec current = byName.get(key.name());
    return current != null && current.models().equals(key.models()) ? globs.get(key.name())
        : ModelGlobs.of(key.models());
  }

  /**
   * The key presented, compared with every digest in constant time (see {@link ClientKeys}):
   * every entry is compared, whichever matches.
   */
  public Optional<KeySpec> find(String presented) {
    if (presented == null || presented.isEmpty()) {
      return Optional.empty();
    }
    byte[] candidate = KeyDigests.sha256(presented);
    KeySpec found = null;
    for (KeySpec key : keys) {
      boolean match = MessageDigest.isEqual(key.digest(), candidate);
      found = match && found == null ? key : found;
    }
    return Optional.ofNullable(found);
  }
}

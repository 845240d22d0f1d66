package dev.factoryproxy.translate.responses;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The function name a tool inside a Responses {@code namespace} gets when it is offered to a
 * model that has no namespaces: {@code <namespace>__<name>}, Codex's own flat spelling
 * ({@code ToolName::canonical_flat_name}: stray underscores around the delimiter trimmed), kept
 * within the 64 characters of {@code [a-zA-Z0-9_-]} that Anthropic and OpenAI allow.
 */
final class FlatToolNames {

  static final int MAX_LENGTH = 64;
  private static final int HASH_LENGTH = 8;

  private FlatToolNames() {
  }

  static String flatten(String namespace, String name) {
    String joined = trimEnd(namespace) + "__" + trimStart(name);
    return fit(sanitize(joined));
  }

  /** A name with every character outside {@code [a-zA-Z0-9_-]} replaced, cut to 64 characters. */
  static String fit(String name) {
    String clean = sanitize(name);
    if (clean.length() <= MAX_LENGTH) {
      return clean;
    }
    // A cut alone could make two long names equal; a hash of the whole name keeps them apart.
    CRC32 crc = new CRC32();
    crc.update(name.getBytes(StandardCharsets.UTF_8));
    String hash = String.format("%08x", crc.getValue());
    return clean.substring(0, MAX_LENGTH - HASH_LENGTH - 1) + "_" + hash;
  }

  private static String sanitize(String name) {
    StringBuilder out = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_' || c == '-';
      out.append(allowed ? c : '_');
    }
    return out.toString();
  }

  private static String trimEnd(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '_') {
      end--;
    }
    return s.substring(0, end);
  }

  private static String trimStart(String s) {
    int start = 0;
    while (start < s.length() && s.charAt(start) == '_') {
      start++;
    }
    return s.substring(start);
  }
}

package dev.factoryproxy.keys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factoryproxy.config.ConfigException;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.TranslationException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code KEYS_FILE}: {@code {"keys": [{"name", "key" | "key_sha256", "models", "rpm", "tpm",
 * "concurrency", "daily_tokens", "expires", "disabled"}]}}. Any mistake fails with one line that
 * names the entry and the field; the message never holds a key.
 */
public final class KeyFile {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");
  private static final Set<String> FIELDS = Set.of("name", "key", "key_sha256", "models", "rpm", "tpm",
      "concurrency", "daily_tokens", "expires", "disabled");

  private KeyFile() {
  }

  /** @param where the file's path, for the message */
  public static List<KeySpec> parse(String text, String where) {
    JsonNode root;
    try {
      root = JsonTrees.parse(text);
    } catch (TranslationException e) {
      throw new ConfigException("KEYS_FILE " + where + " is " + firstLine(e.getMessage()));
    }
    JsonNode keys = root == null ? null : root.get("keys");
    if (keys == null || !keys.isArray()) {
      throw new ConfigException("KEYS_FILE " + where + " must be {\"keys\": [...]}");
    }
    List<KeySpec> specs = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<String> digests = new HashSet<>();
    for (int i = 0; i < keys.size(); i++) {
      KeySpec spec = entry(keys.get(i), where + " keys[" + i + "]");
      if (!names.add(spec.name())) {
        throw new ConfigException("KEYS_FILE " + where + ": name " + spec.name() + " appears twice");
      }
      if (!digests.add(HexFormat.of().formatHex(spec.digest()))) {
        throw new ConfigException("KEYS_FILE " + where + ": " + spec.name() + " has the same key as another entry");
      }
      specs.add(spec);
    }
    return specs;
  }

  private static KeySpec entry(JsonNode entry, String at) {
    if (!entry.isObject()) {
      throw new ConfigException("KEYS_FILE " + at + " must be a JSON object");
    }
    for (Iterator<String> it = entry.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) {
        throw new ConfigException("KEYS_FILE " + at + ": unknown field \"" + field + "\"");
      }
    }
    String name = text(entry, "name", at);
    if (name == null || !NAME.matcher(name).matches()) {
      throw new ConfigException("KEYS_FILE " + at + ": name must be 1 to 64 of A-Z a-z 0-9 . _ -");
    }
    String where = at + " (" + name + ")";
    return new KeySpec(name, digest(entry, where), models(entry, where),
        new KeyLimits(limit(entry, "rpm", where), limit(entry, "tpm", where), limit(entry, "concurrency", where),
            limit(entry, "daily_tokens", where)),
        expires(entry, where), flag(entry, where));
  }

  private static byte[] digest(JsonNode entry, String at) {
    String key = text(entry, "key", at);
    String hash = text(entry, "key_sha256", at);
    if ((key == null) == (hash == null)) {
      throw new ConfigException("KEYS_FILE " + at + ": give exactly one of \"key\" and \"key_sha256\"");
    }
    if (key != null) {
      if (key.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
        throw new ConfigException("KEYS_FILE " + at + ": the key contains spaces or control characters");
      }
      return KeyDigests.sha256(key);
    }
    if (!HEX64.matcher(hash).matches()) {
      throw new ConfigException("KEYS_FILE " + at + ": key_sha256 must be 64 hex digits");
    }
    return HexFormat.of().parseHex(hash.toLowerCase(java.util.Locale.ROOT));
  }

  private static List<String> models(JsonNode entry, String at) {
    JsonNode models = entry.get("models");
    if (models == null || models.isNull()) {
      return List.of();
    }
    if (!models.isArray()) {
      throw new ConfigException("KEYS_FILE " + at + ": models must be an array of globs");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode m : models) {
      if (!m.isTextual() || m.asText().isBlank()) {
        throw new ConfigException("KEYS_FILE " + at + ": models must be an array of non-empty strings");
      }
      out.add(m.asText().trim());
    }
    return out;
  }

  private static Long limit(JsonNode entry, String field, String at) {
    JsonNode value = entry.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < 1) {
      throw new ConfigException("KEYS_FILE " + at + ": " + field + " must be a whole number of at least 1");
    }
    return value.asLong();
  }

  /**
   * A date means the key works through that whole UTC day; a full instant
   * ({@code 2027-01-31T12:00:00Z}) is taken as it is.
   */
  private static Instant expires(JsonNode entry, String at) {
    String text = text(entry, "expires", at);
    if (text == null) {
      return null;
    }
    try {
      return text.length() == 10 ? LocalDate.parse(text).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()
          : Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new ConfigException("KEYS_FILE " + at + ": expires must be a date such as 2027-01-31, got '" + text + "'");
    }
  }

  private static boolean flag(JsonNode entry, String at) {
    JsonNode value = entry.get("disabled");
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw new ConfigException("KEYS_FILE " + at + ": disabled must be true or false");
    }
    return value.asBoolean();
  }

  private static String text(JsonNode entry, String field, String at) {
    JsonNode value = entry.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new ConfigException("KEYS_FILE " + at + ": " + field + " must be a string");
    }
    String text = value.asText().trim();
    return text.isEmpty() ? null : text;
  }

  private static String firstLine(String message) {
    String m = String.valueOf(message);
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}

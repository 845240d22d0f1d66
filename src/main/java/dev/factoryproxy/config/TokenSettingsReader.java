package dev.factoryproxy.config;

import dev.factoryproxy.tokens.TokenSettings;
import dev.factoryproxy.tokens.TokenSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * {@code FACTORY_AI_TOKEN} (one token or several, comma-separated: {@code token-1}, {@code token-2},
 * …) and {@code UPSTREAM_TOKENS} (a JSON array of {@code {"name", "token" | "file" | "command",
 * "weight", "ttl"}}), with the settings of the pool. At least one token is required. No message
 * here echoes a value: only names and positions.
 */
final class TokenSettingsReader {

  private static final String TOKENS = Setting.UPSTREAM_TOKENS.name();
  private static final Set<String> FIELDS = Set.of("name", "token", "file", "command", "weight", "ttl");

  private TokenSettingsReader() {
  }

  static TokenSettings read(JsonObject config, BiFunction<Setting, Duration, Duration> durations, int maxRetries) {
    List<TokenSpec> specs = new ArrayList<>(factoryTokens(config.getValue(Setting.FACTORY_AI_TOKEN.name())));
    specs.addAll(upstreamTokens(config.getValue(TOKENS)));
    if (specs.isEmpty()) {
      throw new ConfigException("FACTORY_AI_TOKEN is not set: put FACTORY_AI_TOKEN=<your Factory AI token> "
          + "in .env in the working directory, or export it in the environment (or list tokens in UPSTREAM_TOKENS)");
    }
    Set<String> names = new HashSet<>();
    for (TokenSpec spec : specs) {
      if (!names.add(spec.name())) {
        throw new ConfigException(TOKENS + ": the name " + spec.name() + " is used twice (FACTORY_AI_TOKEN's tokens "
            + "are named token-1, token-2, …)");
      }
    }
    return new TokenSettings(specs,
        maxRetries,
        zeroOr(config, Setting.MAX_COOLDOWN, () -> durations.apply(Setting.MAX_COOLDOWN, TokenSettings.DEFAULT_MAX_COOLDOWN)),
        durations.apply(Setting.EXHAUSTED_COOLDOWN, TokenSettings.DEFAULT_EXHAUSTED_COOLDOWN));
  }

  /**
   * {@code MAX_COOLDOWN=0}: a 429 never takes a token out, Factory's answer just passes (with one
   * token, the proxy then never refuses on Factory's behalf).
   */
  private static Duration zeroOr(JsonObject config, Setting setting, java.util.function.Supplier<Duration> otherwise) {
    Object raw = config.getValue(setting.name());
    return raw != null && raw.toString().trim().matches("0+(\\.0+)?\\s*(ms|s|m|h)?") ? Duration.ZERO : otherwise.get();
  }

  private static List<TokenSpec> factoryTokens(Object raw) {
    List<TokenSpec> specs = new ArrayList<>();
    if (raw == null) {
      return specs;
    }
    for (String part : raw.toString().split(",")) {
      String token = part.trim();
      if (!token.isEmpty()) {
        checkValue(token, "FACTORY_AI_TOKEN");
        specs.add(TokenSpec.ofStatic("token-" + (specs.size() + 1), new Secret(token), 1));
      }
    }
    return specs;
  }

  private static List<TokenSpec> upstreamTokens(Object raw) {
    List<TokenSpec> specs = new ArrayList<>();
    JsonArray array = JsonValues.array(raw, TOKENS, "tokens");
    for (int i = 0; i < array.size(); i++) {
      String where = TOKENS + "[" + i + "]";
      if (!(array.getValue(i) instanceof JsonObject entry)) {
        throw new ConfigException(where + " must be a JSON object");
      }
      specs.add(spec(entry, where));
    }
    return specs;
  }

  private static TokenSpec spec(JsonObject entry, String where) {
    for (String field : entry.fieldNames()) {
      if (!FIELDS.contains(field)) {
        throw new ConfigException(where + ": unknown field \"" + field + "\"; the fields are " + FIELDS);
      }
    }
    if (!(entry.getValue("name") instanceof String name) || !name.trim().matches("[A-Za-z0-9._-]{1,64}")) {
      throw new ConfigException(where + ": \"name\" is required: letters, digits, '.', '_' or '-', at most 64");
    }
    String at = where + " (" + name.trim() + ")";
    String token = text(entry, "token", at);
    String file = text(entry, "file", at);
    String command = text(entry, "command", at);
    int sources = (token != null ? 1 : 0) + (file != null ? 1 : 0) + (command != null ? 1 : 0);
    if (sources != 1) {
      throw new ConfigException(at + ": give exactly one of \"token\", \"file\" or \"command\"");
    }
    if (token != null) {
      checkValue(token, at);
    }
    Object weight = entry.getValue("weight", 1);
    if (!(weight instanceof Number number) || number.doubleValue() != number.intValue() || number.intValue() < 1
        || number.intValue() > 1000) {
      throw new ConfigException(at + ": \"weight\" must be a whole number from 1 to 1000");
    }
    return new TokenSpec(name.trim(), token == null ? null : new Secret(token), file == null ? null : Path.of(file),
        command, number.intValue(), ttl(entry.getValue("ttl"), at));
  }

  private static Duration ttl(Object raw, String at) {
    if (raw == null) {
      return TokenSpec.DEFAULT_TTL;
    }
    // The same duration syntax as every other setting: 30s, 10m, 1h, a bare number of seconds.
    Duration ttl = SettingsReader.parseDuration(raw.toString());
    if (ttl == null) {
      throw new ConfigException(at + ": \"ttl\" must be a duration such as 30s, 10m or 1h");
    }
    return ttl;
  }

  private static String text(JsonObject entry, String field, String at) {
    Object value = entry.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text) || text.isBlank()) {
      throw new ConfigException(at + ": \"" + field + "\" must be a non-empty string");
    }
    return text.trim();
  }

  private static void checkValue(String token, String where) {
    if (token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      throw new ConfigException(where + ": a token contains spaces or control characters; "
          + "check for stray quotes or line breaks in .env, the environment, or conf/config.json");
    }
  }

}

package dev.factoryproxy.config;

import dev.factoryproxy.error.ErrorFormat;
import dev.factoryproxy.tokens.TokenSettings;
import dev.factoryproxy.translate.WireApi;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the merged configuration into {@link ProxySettings}, or fails with one line that
 * names the setting, what is wrong, and where to fix it. Values from {@code .env} and the
 * environment arrive as strings, so every reader accepts a string as well as a JSON value.
 */
public final class SettingsReader {

  static final String DEFAULT_BASE_URL = "https://api.factory.ai/api/llm";
  static final int DEFAULT_PORT = 7777;
  private static final String WHERE = "in .env, the environment, or conf/config.json";
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(k|kb|kib|m|mb|mib|g|gb|gib|b)?");
  private static final Duration MAX_SHUTDOWN_TIMEOUT = Duration.ofSeconds(100);
  private static final Set<String> RESERVED_PATHS = Set.of("/", "/health", "/health/ready");

  private final JsonObject config;

  private SettingsReader(JsonObject config) {
    this.config = config;
  }

  public static ProxySettings read(JsonObject config) {
    return new SettingsReader(config).settings();
  }

  private ProxySettings settings() {
    TokenSettings tokens = TokenSettingsReader.read(config, (setting, fallback) -> duration(setting, fallback),
        integer(Setting.MAX_RETRIES, TokenSettings.DEFAULT_MAX_RETRIES, 0, 10));
    ClientKeys keys = clientKeys();
    String host = text(Setting.HOST);
    Map<String, String> aliases = modelAliases();
    return new ProxySettings(
        tokens,
        baseUrl(),
        host != null ? host : keys.required() ? "0.0.0.0" : "127.0.0.1",
        host != null,
        integer(Setting.PORT, DEFAULT_PORT, 0, 65535),
        keys,
        duration(Setting.CONNECT_TIMEOUT, Duration.ofSeconds(10)),
        duration(Setting.RESPONSE_TIMEOUT, Duration.ofSeconds(600)),
        duration(Setting.STREAM_IDLE_TIMEOUT, Duration.ofSeconds(300)),
        duration(Setting.HEADER_TIMEOUT, Duration.ofSeconds(60)),
        duration(Setting.BODY_TIMEOUT, Duration.ofSeconds(60)),
        shutdownTimeout(),
        size(Setting.MAX_BODY_SIZE, 32L << 20),
        sizeWithin(Setting.MAX_HEADER_SIZE, 64 << 10, 1 << 10, 16 << 20),
        sizeWithin(Setting.MAX_URI_LENGTH, 8 << 10, 64, 1 << 20),
        integer(Setting.UPSTREAM_POOL_SIZE, 2048, 1, 1_000_000),
        integer(Setting.INSTANCES, Runtime.getRuntime().availableProcessors(), 1, 1024),
        routes(),
        aliases,
        CatalogReader.read(config.getValue(Setting.MODELS.name()), aliases, bool(Setting.STRICT_MODELS, false)),
        ReasoningBudgetsReader.read(config.getValue(Setting.REASONING_BUDGETS.name())),
        access(),
        bool(Setting.SERVER_TIMING, true));
  }

  private ClientKeys clientKeys() {
    Object raw = config.getValue(Setting.PROXY_API_KEYS.name());
    List<String> keys = list(raw);
    for (String key : keys) {
      if (key.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
        throw new ConfigException("PROXY_API_KEYS: a key contains spaces or control characters; "
            + "separate keys with commas " + WHERE);
      }
    }
    return keys.isEmpty() ? ClientKeys.none() : ClientKeys.of(keys);
  }

  /**
   * {@code KEYS_FILE} must exist when set; the default {@code conf/keys.json} is used when it
   * exists. Both are relative to the working directory.
   */
  private AccessSettings access() {
    String keysFile = text(Setting.KEYS_FILE);
    // Whether the default file exists is checked when it is read, off the event loop.
    Path keys = keysFile != null ? Path.of(keysFile) : AccessSettings.DEFAULT_KEYS_FILE;
    String admin = text(Setting.ADMIN_API_KEY);
    if (admin != null && admin.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      throw new ConfigException("ADMIN_API_KEY contains spaces or control characters " + WHERE);
    }
    String state = text(Setting.STATE_DIR);
    return new AccessSettings(keys, keysFile != null, admin == null ? null : new Secret(admin),
        state == null ? AccessSettings.DEFAULT_STATE_DIR : Path.of(state), bool(Setting.CHAT_STREAM_USAGE, true));
  }

  private URI baseUrl() {
    String value = text(Setting.FACTORY_BASE_URL);
    String url = value == null ? DEFAULT_BASE_URL : value;
    URI uri;
    try {
      uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    } catch (IllegalArgumentException e) {
      throw invalid(Setting.FACTORY_BASE_URL, url, "an http:// or https:// URL");
    }
    if (uri.getHost() == null || uri.getScheme() == null
        || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
        || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw invalid(Setting.FACTORY_BASE_URL, url, "an http:// or https:// URL without query or fragment");
    }
    return uri;
  }

  private List<RouteSpec> routes() {
    Object raw = config.getValue(Setting.ROUTES.name());
    if (!(raw instanceof JsonArray array) || array.isEmpty()) {
      throw new ConfigException("ROUTES is missing or empty: it is the route table, shipped in conf/config.json");
    }
    List<RouteSpec> routes = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof JsonObject route)) {
        throw new ConfigException("ROUTES[" + i + "] must be a JSON object");
      }
      RouteSpec spec = route(route, "ROUTES[" + i + "]");
      for (String path : spec.paths()) {
        if (!seen.add(path)) {
          throw new ConfigException("ROUTES: path " + path + " appears twice");
        }
      }
      routes.add(spec);
    }
    return routes;
  }

  private RouteSpec route(JsonObject route, String where) {
    String name = required(route, "name", where);
    String at = where + " (" + name + ")";
    List<String> paths = list(route.getValue("paths"));
    if (paths.isEmpty()) {
      throw new ConfigException(at + ": paths must list at least one path");
    }
    for (String path : paths) {
      if (!path.startsWith("/") || path.contains("?") || path.contains(":") || path.contains("*")) {
        throw new ConfigException(at + ": path '" + path + "' must start with / and hold no ?, : or *");
      }
      if (RESERVED_PATHS.contains(path)) {
        throw new ConfigException(at + ": path " + path + " is the proxy's own");
      }
    }
    String upstream = required(route, "upstream", where);
    if (upstream.startsWith("/") || upstream.contains("?") || upstream.contains("://")) {
      throw new ConfigException(at + ": upstream '" + upstream + "' must be a path relative to FACTORY_BASE_URL");
    }
    String provider = required(route, "provider", where);
    ErrorFormat format;
    try {
      format = ErrorFormat.parse(route.getString("errors", "openai"));
    } catch (IllegalArgumentException | ClassCastException e) {
      throw new ConfigException(at + ": errors must be \"openai\" or \"anthropic\"");
    }
    return new RouteSpec(name, paths, upstream, provider, format, StaticHeaders.read(route.getValue("headers"), at),
        routeApi(route, upstream, at));
  }

  /**
   * The API a route speaks, which decides whether its requests may be translated: {@code "api"}
   * when given ({@code "none"} for a route never translated), else what its upstream path is.
   */
  private static WireApi routeApi(JsonObject route, String upstream, String at) {
    WireApi inferred = WireApi.ofUpstreamPath(upstream);
    Object raw = route.getValue("api");
    if (raw == null) {
      return inferred;
    }
    if (!(raw instanceof String name) || name.isBlank()) {
      throw new ConfigException(at + ": api must be messages, responses, chat or none");
    }
    if (name.trim().equalsIgnoreCase("none")) {
      return null;
    }
    WireApi api;
    try {
      api = WireApi.parse(name);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(at + ": api must be messages, responses, chat or none, got '" + name + "'");
    }
    if (inferred != null && inferred != api) {
      throw new ConfigException(at + ": api " + api.id() + " does not match upstream " + upstream
          + ", which is " + inferred.id());
    }
    return api;
  }

  private Map<String, String> modelAliases() {
    Object raw = config.getValue(Setting.MODEL_ALIASES.name());
    Map<String, String> aliases = new LinkedHashMap<>();
    if (raw == null) {
      return aliases;
    }
    if (raw instanceof JsonObject json) {
      for (Map.Entry<String, Object> e : json) {
        if (!(e.getValue() instanceof String target) || target.isBlank()) {
          throw new ConfigException("MODEL_ALIASES: alias '" + e.getKey() + "' must map to a model name");
        }
        aliases.put(e.getKey(), target);
      }
      return aliases;
    }
    for (String pair : list(raw)) {
      int eq = pair.indexOf('=');
      if (eq <= 0 || eq == pair.length() - 1) {
        throw new ConfigException("MODEL_ALIASES must be a JSON object or alias=model pairs separated by commas, "
            + "got '" + pair + "'");
      }
      aliases.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return aliases;
  }

  private String text(Setting setting) {
    Object value = config.getValue(setting.name());
    if (value == null) {
      return null;
    }
    String text = value.toString().trim();
    return text.isEmpty() ? null : text;
  }

  private boolean bool(Setting setting, boolean fallback) {
    String text = text(setting);
    if (text == null) {
      return fallback;
    }
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw invalid(setting, text, "true or false");
    };
  }

  private int integer(Setting setting, int fallback, int min, int max) {
    String text = text(setting);
    if (text == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw invalid(setting, text, "a whole number from " + min + " to " + max);
  }

  private Duration duration(Setting setting, Duration fallback) {
    String text = text(setting);
    if (text == null) {
      return fallback;
    }
    Duration parsed = parseDuration(text);
    if (parsed == null) {
      throw invalid(setting, text, "a duration such as 30s, 500ms or 10m (a bare number is seconds)");
    }
    return parsed;
  }

  /** {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h} or bare seconds, from 1 ms to 7 days; null otherwise. */
  static Duration parseDuration(String text) {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      double amount = Double.parseDouble(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      double millis = switch (unit) {
        case "ms" -> amount;
        case "m" -> amount * 60_000;
        case "h" -> amount * 3_600_000;
        default -> amount * 1000;
      };
      if (millis >= 1 && millis <= Duration.ofDays(7).toMillis()) {
        return Duration.ofMillis(Math.round(millis));
      }
    }
    return null;
  }

  /**
   * Zero means close at once. The launcher gives Vert.x two minutes to close after SIGTERM, and
   * the drain must end within them.
   */
  private Duration shutdownTimeout() {
    String text = text(Setting.SHUTDOWN_TIMEOUT);
    if (text != null && text.toLowerCase(Locale.ROOT).matches("0+(\\.0+)?\\s*(ms|s|m|h)?")) {
      return Duration.ZERO;
    }
    Duration timeout = duration(Setting.SHUTDOWN_TIMEOUT, Duration.ofSeconds(30));
    if (timeout.compareTo(MAX_SHUTDOWN_TIMEOUT) > 0) {
      throw invalid(Setting.SHUTDOWN_TIMEOUT, text, "at most 100s (Vert.x's launcher waits two minutes for "
          + "the shutdown), or 0 to close at once");
    }
    return timeout;
  }

  private long size(Setting setting, long fallback) {
    String text = text(setting);
    if (text == null) {
      return fallback;
    }
    Matcher m = SIZE.matcher(text.toLowerCase(Locale.ROOT));
    // Up to 18 digits parse as a long; multiplyExact keeps a huge amount from wrapping into range.
    if (m.matches() && m.group(1).length() <= 18) {
      long amount = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "b" : m.group(2);
      long bytes;
      try {
        bytes = Math.multiplyExact(amount, switch (unit.charAt(0)) {
          case 'k' -> 1L << 10;
          case 'm' -> 1L << 20;
          case 'g' -> 1L << 30;
          default -> 1L;
        });
      } catch (ArithmeticException tooLarge) {
        bytes = -1;
      }
      if (bytes >= 1 && bytes <= Integer.MAX_VALUE) {
        return bytes;
      }
    }
    throw invalid(setting, text, "a size in bytes, or with KiB, MiB or GiB, at most 2 GiB");
  }

  /** A size that must also fall in a sensible range (a 10-byte header limit stops every client). */
  private int sizeWithin(Setting setting, int fallback, int min, int max) {
    long bytes = size(setting, fallback);
    if (bytes < min || bytes > max) {
      throw invalid(setting, text(setting), "a size from " + min + " bytes to " + (max >> 10) + " KiB");
    }
    return (int) bytes;
  }

  private static List<String> list(Object raw) {
    List<String> out = new ArrayList<>();
    if (raw instanceof JsonArray array) {
      array.forEach(item -> {
        if (item != null && !item.toString().isBlank()) {
          out.add(item.toString().trim());
        }
      });
    } else if (raw != null) {
      for (String part : raw.toString().split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
    }
    return out;
  }

  private static String required(JsonObject json, String field, String where) {
    Object value = json.getValue(field);
    if (!(value instanceof String text) || text.isBlank()) {
      throw new ConfigException(where + ": \"" + field + "\" is required");
    }
    return text.trim();
  }

  private static ConfigException invalid(Setting setting, String value, String expected) {
    return new ConfigException(setting + " must be " + expected + ", got '" + value + "' (set it " + WHERE + ")");
  }
}

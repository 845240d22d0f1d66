package dev.factoryproxy.config;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Static upstream headers from configuration (a route's or a model's {@code headers}): one rule
 * for both, so neither can set what the proxy owns (the token, the framing, the provider) or
 * smuggle a second header line in.
 */
final class StaticHeaders {

  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Set<String> RESERVED =
      Set.of("authorization", "host", "content-length", "transfer-encoding", "connection", "x-api-provider");

  private StaticHeaders() {
  }

  /**
   * @param raw the {@code headers} value, or {@code null} for none
   * @param at the entry, for the error line ("ROUTES[3] (static)")
   */
  static Map<String, String> read(Object raw, String at) {
    if (raw == null) {
      return Map.of();
    }
    if (!(raw instanceof JsonObject headers)) {
      throw new ConfigException(at + ": headers must be a JSON object of name to value");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : headers) {
      String name = e.getKey();
      if (!HEADER_NAME.matcher(name).matches() || RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
        throw new ConfigException(at + ": header '" + name + "' cannot be set by configuration");
      }
      if (!(e.getValue() instanceof String value) || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
        throw new ConfigException(at + ": header '" + name + "' needs a one-line string value");
      }
      out.put(name, value);
    }
    return out;
  }
}

package dev.factoryproxy.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factoryproxy.translate.JsonTrees;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The one thing the pool reads of a JWT: its {@code exp} claim. The signature is Factory's business. */
final class Jwt {

  private Jwt() {
  }

  /** Epoch milliseconds of {@code exp}, or -1 when the value is not a JWT with one. */
  static long expiryMillis(String value) {
    String[] parts = value.split("\\.", -1);
    if (parts.length != 3 || parts[1].isEmpty()) {
      return -1;
    }
    try {
      byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
      JsonNode exp = JsonTrees.parse(new String(payload, StandardCharsets.UTF_8)).path("exp");
      return exp.isNumber() ? Math.round(exp.asDouble() * 1000) : -1;
    } catch (RuntimeException notAJwt) {
      return -1;
    }
  }
}

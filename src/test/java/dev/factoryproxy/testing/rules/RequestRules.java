package dev.factoryproxy.testing.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.factoryproxy.testing.Recorded;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.TranslationException;
import dev.factoryproxy.translate.WireApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The checks Factory's upstreams make before they answer, one method per API, each returning the
 * violations it found (empty: the request is valid). The mock applies them when a test asks
 * ({@code MockFactory.validating(true)}), so a translator that writes a request the real API
 * would refuse gets the same 400 here.
 */
public final class RequestRules {

  private RequestRules() {
  }

  public static List<String> anthropic(JsonNode body) {
    return AnthropicRules.check(body);
  }

  public static List<String> chat(JsonNode body) {
    return ChatRules.check(body);
  }

  public static List<String> responses(JsonNode body) {
    return ResponsesRules.check(body);
  }

  public static List<String> check(WireApi api, JsonNode body) {
    return switch (api) {
      case MESSAGES -> anthropic(body);
      case CHAT -> chat(body);
      case RESPONSES -> responses(body);
    };
  }

  /** The API a request to the mock speaks, by its path; empty for any other path. */
  public static Optional<WireApi> apiOf(Recorded request) {
    for (WireApi api : WireApi.values()) {
      if (request.path().endsWith("/" + api.upstreamPath())) {
        return Optional.of(api);
      }
    }
    return Optional.empty();
  }

  /**
   * The violations of a request as the mock received it; empty when it is valid, goes to none of
   * the three paths, or its body is not a JSON object (byte-level tests send such bodies on purpose).
   */
  public static List<String> check(Recorded request) {
    Optional<WireApi> api = apiOf(request);
    if (api.isEmpty()) {
      return List.of();
    }
    JsonNode body;
    try {
      body = JsonTrees.parse(request.body());
    } catch (TranslationException e) {
      return List.of();
    }
    if (!body.isObject()) {
      return List.of();
    }
    List<String> violations = new ArrayList<>(check(api.get(), body));
    // Anthropic refuses a request without it; a translated request must carry one too.
    if (api.get() == WireApi.MESSAGES && !request.headers().contains("anthropic-version")) {
      violations.add("anthropic-version: header is required");
    }
    return List.copyOf(violations);
  }

  /** The 400 body Factory sends for these violations, in the API's own error shape. */
  public static String errorBody(WireApi api, List<String> violations) {
    String message = String.join("; ", violations);
    ObjectNode error = JsonTrees.object().put("type", "invalid_request_error").put("message", message);
    if (api == WireApi.MESSAGES) {
      ObjectNode body = JsonTrees.object().put("type", "error");
      body.set("error", error);
      return JsonTrees.write(body);
    }
    ObjectNode openai = JsonTrees.object().put("message", message).put("type", "invalid_request_error").putNull("code");
    ObjectNode body = JsonTrees.object();
    body.set("error", openai);
    return JsonTrees.write(body);
  }
}

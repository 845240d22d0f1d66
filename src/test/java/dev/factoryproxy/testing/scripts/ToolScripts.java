package dev.factoryproxy.testing.scripts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factoryproxy.testing.Recorded;
import dev.factoryproxy.testing.Reply;
import dev.factoryproxy.testing.rules.RequestRules;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.TranslationException;
import dev.factoryproxy.translate.WireApi;
import java.time.Duration;

/**
 * Serves a {@link ScriptedAnswer} in the format of the path the request went to, streamed when
 * the request asked for a stream, with the model it named: {@code mock.reply(r -> ToolScripts.reply(r, answer))}.
 */
public final class ToolScripts {

  private ToolScripts() {
  }

  public static Reply reply(Recorded request, ScriptedAnswer answer) {
    JsonNode body = body(request);
    WireApi api = RequestRules.apiOf(request)
        .orElseThrow(() -> new IllegalArgumentException("not an LLM API path: " + request.path()));
    String model = body.path("model").asText("unknown");
    boolean stream = body.path("stream").asBoolean(false);
    return switch (api) {
      case MESSAGES -> stream ? Reply.sse(AnthropicScript.events(model, answer), Duration.ZERO)
          : Reply.json(AnthropicScript.message(model, answer));
      case CHAT -> stream
          ? Reply.sse(ChatScript.chunks(model, answer, body.path("stream_options").path("include_usage").asBoolean(false)),
              Duration.ZERO)
          : Reply.json(ChatScript.completion(model, answer));
      case RESPONSES -> stream ? Reply.sse(ResponsesScript.events(model, answer), Duration.ZERO)
          : Reply.json(ResponsesScript.response(model, answer));
    };
  }

  /** The request body as a tree; an empty object when it is not JSON. */
  static JsonNode body(Recorded request) {
    try {
      JsonNode body = JsonTrees.parse(request.body());
      return body.isObject() ? body : JsonTrees.object();
    } catch (TranslationException e) {
      return JsonTrees.object();
    }
  }
}

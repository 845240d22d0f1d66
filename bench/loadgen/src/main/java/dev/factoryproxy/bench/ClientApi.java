package dev.factoryproxy.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.http.RequestOptions;
import java.util.Locale;

/**
 * The API the SSE client speaks: the same short question as a streaming request of Chat
 * Completions, Anthropic Messages or OpenAI Responses, with the headers its SDK would send.
 */
enum ClientApi {
  CHAT {
    @Override
    JsonObject request(String model) {
      return new JsonObject().put("model", model).put("stream", true).put("max_tokens", 512)
          .put("temperature", 0.7)
          .put("messages", new JsonArray().add(message("system", SYSTEM)).add(message("user", QUESTION)));
    }
  },
  MESSAGES {
    @Override
    JsonObject request(String model) {
      return new JsonObject().put("model", model).put("stream", true).put("max_tokens", 512)
          .put("temperature", 0.7).put("system", SYSTEM)
          .put("messages", new JsonArray().add(message("user", QUESTION)));
    }

    @Override
    RequestOptions headers(RequestOptions options) {
      return options.putHeader("anthropic-version", "2023-06-01");
    }
  },
  RESPONSES {
    @Override
    JsonObject request(String model) {
      return new JsonObject().put("model", model).put("stream", true).put("max_output_tokens", 512)
          .put("temperature", 0.7).put("instructions", SYSTEM)
          .put("input", new JsonArray().add(message("user", QUESTION)));
    }
  };

  private static final String SYSTEM = "You are a concise assistant.";
  private static final String QUESTION = "Explain in two sentences why the sky is blue.";

  /** The request body for {@code model}. */
  abstract JsonObject request(String model);

  /** Adds this API's own request headers (content type and accept are the caller's). */
  RequestOptions headers(RequestOptions options) {
    return options;
  }

  Buffer body(String model) {
    return request(model).toBuffer();
  }

  static ClientApi named(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  private static JsonObject message(String role, String content) {
    return new JsonObject().put("role", role).put("content", content);
  }
}

package dev.factoryproxy.error;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/** The JSON error envelope a client's SDK expects, so its own error handling keeps working. */
public enum ErrorFormat {

  /** {@code {"error":{"message","type","code"}}}: OpenAI Responses and Chat Completions. */
  OPENAI {
    @Override
    public Buffer render(ProxyError error, String message) {
      return new JsonObject()
          .put("error", new JsonObject()
              .put("message", message)
              .put("type", error.openaiType())
              .put("code", error.openaiCode()))
          .toBuffer();
    }
  },

  /** {@code {"type":"error","error":{"type","message"}}}: Anthropic Messages. */
  ANTHROPIC {
    @Override
    public Buffer render(ProxyError error, String message) {
      return new JsonObject()
          .put("type", "error")
          .put("error", new JsonObject()
              .put("type", error.anthropicType())
              .put("message", message))
          .toBuffer();
    }
  };

  public abstract Buffer render(ProxyError error, String message);

  /** Accepts the spelling used in {@code conf/config.json}: {@code openai} or {@code anthropic}. */
  public static ErrorFormat parse(String name) {
    return valueOf(name.trim().toUpperCase(Locale.ROOT));
  }
}

package dev.factoryproxy.translate.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** One part of a turn or of the system prompt, in the common model every format reads into. */
public sealed interface Content {

  /**
   * @param cacheControl Anthropic's {@code cache_control} object, or {@code null}
   */
  record Text(String text, JsonNode cacheControl) implements Content {
    public Text(String text) {
      this(text, null);
    }
  }

  /**
   * An image, inline or by URL: exactly one of {@code base64} and {@code url} is set.
   *
   * @param mediaType e.g. {@code image/png}; {@code null} for a URL of unknown type
   * @param detail OpenAI's {@code detail} hint ({@code low}, {@code high}, {@code auto}), or {@code null}
   */
  record Image(String mediaType, String base64, String url, String detail, JsonNode cacheControl)
      implements Content {
  }

  /**
   * The assistant asks for a tool to be called.
   *
   * @param id the call id, kept one to one across formats ({@code tool_use.id}, {@code tool_calls[].id},
   *     {@code call_id})
   * @param name the tool's name as the model saw it
   * @param arguments the arguments as JSON text, as the model wrote them
   */
  record ToolCall(String id, String name, String arguments) implements Content {
  }

  /**
   * What a tool answered.
   *
   * @param callId the id of the {@link ToolCall} this answers
   * @param content text and image parts
   * @param isError whether the tool failed ({@code tool_result.is_error})
   */
  record ToolResult(String callId, List<Content> content, boolean isError, JsonNode cacheControl)
      implements Content {
    public ToolResult {
      content = List.copyOf(content);
    }
  }

  /**
   * The model's visible reasoning from an earlier assistant turn.
   *
   * @param signature Anthropic's signature over the thinking, or {@code null}; Anthropic needs it
   *     back to continue a turn with tools
   */
  record Thinking(String text, String signature) implements Content {
  }

  /** Reasoning the upstream hid: Anthropic's {@code redacted_thinking.data}, opaque. */
  record RedactedThinking(String data) implements Content {
  }
}

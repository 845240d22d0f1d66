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
   * <p>{@code signature} is the opaque token the upstream that produced the reasoning needs back
   * to continue from it: Anthropic's {@code signature} as it is, or OpenAI's
   * {@code encrypted_content} prefixed with {@link #OPENAI_PREFIX}. The Messages request writer
   * sends only unprefixed ones (Anthropic rejects thinking without its signature), the Responses
   * request writer only prefixed ones. Each format's client-side writer puts the signature where
   * its clients send it back unchanged (Messages {@code signature}, Chat
   * {@code reasoning_details[].signature}, Responses {@code encrypted_content}), and its
   * client-side reader takes it from there as it is.
   *
   * @param signature the continuation token, or {@code null}
   */
  record Thinking(String text, String signature) implements Content {
    /** Marks a signature that is OpenAI's {@code encrypted_content}. */
    public static final String OPENAI_PREFIX = "openai:";
  }

  /** Reasoning the upstream hid: Anthropic's {@code redacted_thinking.data}, opaque. */
  record RedactedThinking(String data) implements Content {
  }
}

package dev.factoryproxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.factoryproxy.translate.model.Content;
import dev.factoryproxy.translate.model.Conversation;
import dev.factoryproxy.translate.model.ToolSpec;
import dev.factoryproxy.translate.model.Turn;
import java.util.List;

/**
 * A local estimate of a request's input tokens, for when no upstream count is to be had (a
 * {@code count_tokens} call for a model Factory serves over another API, a usage block an
 * upstream left out).
 *
 * <p>It counts with {@code o200k_base}, the encoding of GPT-4o and the GPT-5 family: exact for
 * the text of the GPT models, and the best public stand-in for the others, whose tokenizers are
 * not published (Claude's counts run somewhat higher on English and code; treat the result as
 * an estimate, not a bill). Counted: system text, every text part, tool calls (name and
 * arguments), tool results, thinking text, tool definitions (name, description, schema JSON),
 * a structured-output schema, and a few tokens of framing per message and per tool.
 *
 * <p>Thread-safe: the encoding is loaded once, in the constructor (a few milliseconds: create
 * one per verticle, not per request), and jtokkit's encodings keep no state between calls.
 */
public final class TokenEstimator {

  /** Per message: OpenAI's documented framing for its chat models ({@code <|start|>role ... <|end|>}). */
  static final int PER_MESSAGE = 3;
  /** Once per request: the reply is primed with the assistant's role. */
  static final int REPLY_PRIMING = 3;
  /** Per tool definition: its framing in the prompt, a rough allowance. */
  static final int PER_TOOL = 8;
  /**
   * An image of unknown size: Anthropic's figure for the largest image it takes unresized
   * (about 1.15 megapixels at 750 pixels a token). Reading the real size would mean decoding the
   * image; erring high is the safe side, since an estimate too low is what overflows a context.
   */
  static final int IMAGE = 1600;
  /** A {@code detail: low} image: OpenAI's documented fixed cost. */
  static final int LOW_DETAIL_IMAGE = 85;

  private final Encoding encoding;

  public TokenEstimator() {
    // The lazy registry loads only the encoding asked for, not all four.
    this.encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
  }

  /** The estimated input tokens of a request. */
  public long inputTokens(Conversation conversation) {
    long tokens = REPLY_PRIMING;
    if (!conversation.system().isEmpty()) {
      tokens += PER_MESSAGE + parts(conversation.system());
    }
    for (Turn turn : conversation.turns()) {
      tokens += PER_MESSAGE + parts(turn.parts());
    }
    for (ToolSpec tool : conversation.tools()) {
      tokens += tool(tool);
    }
    if (conversation.responseFormat() != null) {
      tokens += text(conversation.responseFormat().name()) + json(conversation.responseFormat().schema());
    }
    return tokens;
  }

  /** The tokens of a text as the encoding counts them; 0 for {@code null}. */
  public int text(String text) {
    // Ordinary: "<|endoftext|>" in a prompt is text to count, not a special token to refuse.
    return text == null || text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
  }

  private long parts(List<Content> parts) {
    long tokens = 0;
    for (Content part : parts) {
      tokens += part(part);
    }
    return tokens;
  }

  private long part(Content part) {
    if (part instanceof Content.Text text) {
      return text(text.text());
    }
    if (part instanceof Content.Image image) {
      return "low".equals(image.detail()) ? LOW_DETAIL_IMAGE : IMAGE;
    }
    // Calls and results are messages of their own in the OpenAI formats: framed like one.
    if (part instanceof Content.ToolCall call) {
      return PER_MESSAGE + text(call.name()) + text(call.arguments());
    }
    if (part instanceof Content.ToolResult result) {
      return PER_MESSAGE + parts(result.content());
    }
    if (part instanceof Content.Thinking thinking) {
      return text(thinking.text());
    }
    // Redacted thinking is encrypted: what it stands for cannot be seen, and the tokens of its
    // ciphertext mean nothing.
    return 0;
  }

  private long tool(ToolSpec tool) {
    JsonNode definition = tool.kind() == ToolSpec.Kind.FUNCTION ? tool.parameters() : tool.raw();
    return PER_TOOL + text(tool.name()) + text(tool.description()) + json(definition);
  }

  private int json(JsonNode node) {
    return node == null || node.isNull() ? 0 : text(JsonTrees.write(node));
  }
}

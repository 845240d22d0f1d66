package dev.factoryproxy.translate.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.TranslationContext;
import dev.factoryproxy.translate.TranslationException;
import dev.factoryproxy.translate.WireApi;
import dev.factoryproxy.translate.model.Content;
import dev.factoryproxy.translate.model.Conversation;
import java.util.List;
import java.util.Map;

/**
 * Writes the request Anthropic Messages receives. {@code max_tokens}, which Anthropic requires,
 * is the client's or the catalog's. {@code tool_choice} goes only with tools (Anthropic refuses
 * it alone). Anthropic's own rules for thinking requests (temperature 1, no forced tool) are
 * left to Anthropic to report, in its own words. Hints go back only to a Messages client's
 * upstream, since another format's field of the same name need not mean the same.
 */
final class MessagesRequestWriter {

  private final TranslationContext ctx;

  MessagesRequestWriter(TranslationContext ctx) {
    this.ctx = ctx;
  }

  ObjectNode write(Conversation conversation) {
    if (conversation.responseFormat() != null) {
      throw new TranslationException("response_format",
          "\"response_format\": Anthropic Messages has no structured-output equivalent");
    }
    ObjectNode body = JsonTrees.object();
    body.put("model", conversation.model());
    int maxTokens = conversation.maxTokens() != null ? conversation.maxTokens() : ctx.defaultMaxTokens();
    body.put("max_tokens", maxTokens);
    putSystem(conversation.system(), body);
    body.set("messages", MessagesTurnWriter.messages(conversation.turns()));
    putTools(conversation, body);
    putSampling(conversation, body);
    ObjectNode thinking = MessagesThinkingWriter.thinking(conversation.reasoning(), maxTokens,
        ctx.reasoningBudgets());
    if (thinking != null) {
      body.set("thinking", thinking);
    }
    if (conversation.user() != null) {
      body.putObject("metadata").put("user_id", conversation.user());
    }
    if (conversation.stream()) {
      body.put("stream", true);
    }
    putHints(conversation.hints(), body);
    return body;
  }

  /** One plain text is sent as a string, as most clients do; anything richer as text blocks. */
  private static void putSystem(List<Content> system, ObjectNode body) {
    if (system.isEmpty()) {
      return;
    }
    if (system.size() == 1 && system.get(0) instanceof Content.Text only && only.cacheControl() == null) {
      body.put("system", only.text());
      return;
    }
    ArrayNode blocks = body.putArray("system");
    for (Content part : system) {
      if (!(part instanceof Content.Text text)) {
        throw new TranslationException("system", "\"system\": Anthropic Messages takes only text as system prompt");
      }
      if (!text.text().isEmpty()) {
        blocks.add(MessagesTurnWriter.text(text));
      }
    }
  }

  private static void putTools(Conversation conversation, ObjectNode body) {
    if (conversation.tools().isEmpty()) {
      return;
    }
    body.set("tools", MessagesToolsWriter.tools(conversation.tools()));
    ObjectNode choice = MessagesToolsWriter.choice(conversation.toolChoice(), conversation.parallelToolCalls());
    if (choice != null) {
      body.set("tool_choice", choice);
    }
  }

  private static void putSampling(Conversation conversation, ObjectNode body) {
    if (conversation.temperature() != null) {
      body.put("temperature", conversation.temperature());
    }
    if (conversation.topP() != null) {
      body.put("top_p", conversation.topP());
    }
    if (!conversation.stop().isEmpty()) {
      ArrayNode stop = body.putArray("stop_sequences");
      conversation.stop().forEach(stop::add);
    }
  }

  private void putHints(Map<String, JsonNode> hints, ObjectNode body) {
    if (ctx.client() != WireApi.MESSAGES) {
      return;
    }
    for (String name : MessagesRequestReader.HINTS) {
      JsonNode value = hints.get(name);
      if (value != null) {
        body.set(name, value);
      }
    }
  }
}

package dev.factoryproxy.translate.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.TranslationContext;
import dev.factoryproxy.translate.model.Content;
import dev.factoryproxy.translate.model.Conversation;
import dev.factoryproxy.translate.model.Reasoning;
import dev.factoryproxy.translate.model.ResponseFormat;
import dev.factoryproxy.translate.model.ToolChoice;
import dev.factoryproxy.translate.model.ToolSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the request a GPT model gets on Factory's {@code o/v1/responses}: stateless
 * ({@code store: false}), the whole conversation in {@code input}.
 *
 * <p>Hints passed (by the Responses name; other formats' hints of the same name pass too):
 * {@code prompt_cache_key}, {@code prompt_cache_retention}, {@code safety_identifier},
 * {@code service_tier}, {@code metadata}, {@code truncation}, {@code top_logprobs},
 * {@code max_tool_calls}, {@code verbosity} (as {@code text.verbosity}), {@code reasoning_summary}
 * (as {@code reasoning.summary}, only when reasoning is asked for). Every other hint is dropped
 * ({@code include} is the proxy's own, {@code store} is always false, {@code client_metadata} and
 * {@code stream_options} are not OpenAI API fields the model needs).
 */
final class ResponsesRequestWriter {

  private static final List<String> PASSED_HINTS = List.of("prompt_cache_key", "prompt_cache_retention",
      "safety_identifier", "service_tier", "metadata", "truncation", "top_logprobs", "max_tool_calls");

  private ResponsesRequestWriter() {
  }

  static ObjectNode write(Conversation conversation, TranslationContext ctx) {
    ObjectNode body = JsonTrees.object();
    body.put("model", conversation.model());
    String instructions = instructions(conversation.system());
    if (!instructions.isEmpty()) {
      body.put("instructions", instructions);
    }
    body.set("input", ResponsesInputWriter.write(conversation.turns()));
    tools(body, conversation.tools());
    toolChoice(body, conversation.toolChoice());
    if (conversation.parallelToolCalls() != null) {
      body.put("parallel_tool_calls", conversation.parallelToolCalls());
    }
    if (conversation.maxTokens() != null) {
      body.put("max_output_tokens", conversation.maxTokens());
    }
    if (conversation.temperature() != null) {
      body.put("temperature", conversation.temperature());
    }
    if (conversation.topP() != null) {
      body.put("top_p", conversation.topP());
    }
    reasoning(body, conversation, ctx);
    text(body, conversation);
    if (conversation.user() != null && !conversation.hints().containsKey("safety_identifier")) {
      body.put("user", conversation.user());
    }
    for (String hint : PASSED_HINTS) {
      JsonNode value = conversation.hints().get(hint);
      if (value != null) {
        body.set(hint, value);
      }
    }
    body.put("store", false);
    body.put("stream", conversation.stream());
    return body;
  }

  private static String instructions(List<Content> system) {
    List<String> texts = new ArrayList<>();
    system.forEach(part -> {
      if (part instanceof Content.Text text && !text.text().isEmpty()) {
        texts.add(text.text());
      }
    });
    return String.join("\n\n", texts);
  }

  private static void tools(ObjectNode body, List<ToolSpec> specs) {
    if (specs.isEmpty()) {
      return;
    }
    ArrayNode tools = body.putArray("tools");
    for (ToolSpec spec : specs) {
      if (spec.kind() == ToolSpec.Kind.WEB_SEARCH) {
        tools.add(webSearch(spec));
        continue;
      }
      ObjectNode tool = tools.addObject().put("type", "function").put("name", spec.name());
      if (spec.description() != null) {
        tool.put("description", spec.description());
      }
      if (spec.parameters() != null) {
        tool.set("parameters", spec.parameters());
      } else {
        tool.putObject("parameters").put("type", "object").putObject("properties");
      }
      // Responses makes a function strict unless told otherwise, and a strict function must have
      // a schema of the strict subset: say false unless the client asked for strict.
      tool.put("strict", Boolean.TRUE.equals(spec.strict()));
    }
  }

  /** A Responses client's own definition passes as it is; another format's becomes the plain tool. */
  private static ObjectNode webSearch(ToolSpec spec) {
    JsonNode raw = spec.raw();
    String type = Json.text(raw, "type");
    if (raw != null && raw.isObject() && type != null && type.startsWith("web_search") && !raw.has("name")) {
      return (ObjectNode) raw.deepCopy();
    }
    ObjectNode tool = JsonTrees.object().put("type", "web_search");
    JsonNode domains = raw == null ? null : raw.get("allowed_domains");
    if (domains != null && domains.isArray()) {
      tool.putObject("filters").set("allowed_domains", domains);
    }
    return tool;
  }

  private static void toolChoice(ObjectNode body, ToolChoice choice) {
    if (choice == null) {
      return;
    }
    switch (choice.mode()) {
      case AUTO -> body.put("tool_choice", "auto");
      case NONE -> body.put("tool_choice", "none");
      case REQUIRED -> body.put("tool_choice", "required");
      case TOOL -> body.putObject("tool_choice").put("type", "function").put("name", choice.name());
    }
  }

  private static void reasoning(ObjectNode body, Conversation conversation, TranslationContext ctx) {
    Reasoning reasoning = conversation.reasoning();
    if (reasoning == null || reasoning.disabled()) {
      return;
    }
    String effort = reasoning.effort() != null ? reasoning.effort()
        : reasoning.budgetTokens() != null ? ctx.reasoningBudgets().effort(reasoning.budgetTokens()) : null;
    if (effort == null) {
      return;
    }
    ObjectNode node = body.putObject("reasoning").put("effort", effort);
    JsonNode summary = conversation.hints().get("reasoning_summary");
    if (summary != null) {
      node.set("summary", summary);
    }
    // Stateless: the next turn can continue this one's reasoning only if it comes back encrypted.
    body.putArray("include").add("reasoning.encrypted_content");
  }

  private static void text(ObjectNode body, Conversation conversation) {
    ResponseFormat format = conversation.responseFormat();
    JsonNode verbosity = conversation.hints().get("verbosity");
    if (format == null && verbosity == null) {
      return;
    }
    ObjectNode text = body.putObject("text");
    if (format != null) {
      ObjectNode node = text.putObject("format").put("type", format.type());
      if ("json_schema".equals(format.type())) {
        node.put("name", format.name() != null ? format.name() : "response");
        if (format.schema() != null) {
          node.set("schema", format.schema());
        }
        if (format.strict() != null) {
          node.put("strict", format.strict());
        }
      }
    }
    if (verbosity != null) {
      text.set("verbosity", verbosity);
    }
  }
}

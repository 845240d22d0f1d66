package dev.factoryproxy.translate.responses;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.TranslationContext;
import dev.factoryproxy.translate.model.StopReason;
import dev.factoryproxy.translate.model.Usage;

/**
 * The Responses {@code response} object around an output, with every field the OpenAI SDKs
 * require ({@code openai-java}'s {@code Response}: id, created_at, error, incomplete_details,
 * instructions, metadata, model, object, output, parallel_tool_calls, temperature, tool_choice,
 * tools, top_p). What the proxy does not know of the request is written as the API's defaults.
 */
final class ResponseObject {

  private ResponseObject() {
  }

  static ObjectNode create(String id, String status, ArrayNode output, Usage usage, TranslationContext ctx) {
    ObjectNode response = JsonTrees.object();
    response.put("id", id);
    response.put("object", "response");
    response.put("created_at", ctx.createdEpochSeconds());
    response.put("status", status);
    response.putNull("error");
    response.putNull("incomplete_details");
    response.putNull("instructions");
    response.putNull("max_output_tokens");
    response.put("model", ctx.clientModel());
    response.set("output", output);
    response.put("parallel_tool_calls", true);
    response.putNull("previous_response_id");
    response.put("store", false);
    response.putNull("temperature");
    response.putObject("text").putObject("format").put("type", "text");
    response.put("tool_choice", "auto");
    response.putArray("tools");
    response.putNull("top_p");
    response.put("truncation", "disabled");
    response.set("usage", ResponsesUsage.write(usage));
    response.putNull("user");
    response.putObject("metadata");
    return response;
  }

  /** {@code completed}, or {@code incomplete} for an answer cut by the token limit or a content filter. */
  static String status(StopReason reason) {
    return incompleteReason(reason) != null ? "incomplete" : "completed";
  }

  static String incompleteReason(StopReason reason) {
    if (reason == StopReason.MAX_TOKENS) {
      return "max_output_tokens";
    }
    return reason == StopReason.REFUSAL ? "content_filter" : null;
  }

  /** Sets status and incomplete_details from the stop reason. */
  static ObjectNode finish(ObjectNode response, StopReason reason) {
    response.put("status", status(reason));
    String incomplete = incompleteReason(reason);
    if (incomplete != null) {
      response.putObject("incomplete_details").put("reason", incomplete);
    }
    return response;
  }
}

package dev.factoryproxy.testing.scripts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.factoryproxy.translate.JsonTrees;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ScriptedAnswer} as OpenAI's Responses API sends it (platform.openai.com, "Streaming
 * events"): a reasoning item with its summary and {@code encrypted_content}, a message item,
 * then one function_call item per call, each framed by {@code output_item.added}/{@code .done},
 * every event numbered by {@code sequence_number}, the whole response in {@code response.completed}.
 */
public final class ResponsesScript {

  private static final long CREATED = 1_760_000_000L;

  private ResponsesScript() {
  }

  public static List<String> events(String model, ScriptedAnswer answer) {
    Events events = new Events();
    ObjectNode inProgress = response(model, answer, JsonTrees.array()).put("status", "in_progress");
    inProgress.putNull("usage");
    events.add("response.created", JsonTrees.object().set("response", inProgress));
    events.add("response.in_progress", JsonTrees.object().set("response", inProgress.deepCopy()));
    int index = 0;
    if (answer.reasoning() != null) {
      reasoning(events, index++, answer);
    }
    if (answer.text() != null) {
      message(events, index++, answer.text());
    }
    for (int i = 0; i < answer.calls().size(); i++) {
      functionCall(events, index++, i, answer.calls().get(i));
    }
    events.add("response.completed", JsonTrees.object().set("response", completed(model, answer)));
    return events.list;
  }

  /** The non-streamed answer: the response object. */
  public static String response(String model, ScriptedAnswer answer) {
    return JsonTrees.write(completed(model, answer));
  }

  private static ObjectNode completed(String model, ScriptedAnswer answer) {
    ArrayNode output = JsonTrees.array();
    if (answer.reasoning() != null) {
      output.add(reasoningItem(answer));
    }
    if (answer.text() != null) {
      output.add(messageItem(answer.text(), "completed"));
    }
    for (int i = 0; i < answer.calls().size(); i++) {
      output.add(callItem(i, answer.calls().get(i), answer.calls().get(i).arguments(), "completed"));
    }
    ObjectNode response = response(model, answer, output);
    response.set("usage", usage(answer.usage()));
    return response;
  }

  /** Every field the API reference lists on the response object, with the values a default request gets. */
  private static ObjectNode response(String model, ScriptedAnswer answer, ArrayNode output) {
    ObjectNode response = JsonTrees.object().put("id", "resp_mockscripted").put("object", "response")
        .put("created_at", CREATED).put("status", "completed").put("background", false);
    response.putNull("error");
    response.putNull("incomplete_details");
    response.putNull("instructions");
    response.putNull("max_output_tokens");
    response.put("model", model);
    response.set("output", output);
    response.put("parallel_tool_calls", true).putNull("previous_response_id");
    ObjectNode reasoning = response.putObject("reasoning");
    reasoning.put("effort", answer.reasoning() == null ? null : "medium");
    reasoning.put("summary", answer.reasoning() == null ? null : "auto");
    response.put("store", false).put("temperature", 1.0);
    response.putObject("text").putObject("format").put("type", "text");
    response.put("tool_choice", "auto").putArray("tools");
    response.put("top_p", 1.0).put("truncation", "disabled");
    response.putObject("metadata");
    return response;
  }

  private static ObjectNode usage(ScriptedUsage usage) {
    ObjectNode node = JsonTrees.object().put("input_tokens", usage.input());
    node.putObject("input_tokens_details").put("cached_tokens", usage.cached());
    node.put("output_tokens", usage.output());
    node.putObject("output_tokens_details").put("reasoning_tokens", usage.reasoning());
    return node.put("total_tokens", usage.input() + usage.output());
  }

  private static void reasoning(Events events, int index, ScriptedAnswer answer) {
    ObjectNode added = JsonTrees.object().put("id", "rs_mockscripted").put("type", "reasoning");
    added.putArray("summary");
    events.item("response.output_item.added", index, added);
    events.add("response.reasoning_summary_part.added", summaryPart(index, ""));
    for (String word : Sse.words(answer.reasoning())) {
      events.add("response.reasoning_summary_text.delta", summary(index).put("delta", word));
    }
    events.add("response.reasoning_summary_text.done", summary(index).put("text", answer.reasoning()));
    events.add("response.reasoning_summary_part.done", summaryPart(index, answer.reasoning()));
    events.item("response.output_item.done", index, reasoningItem(answer));
  }

  private static ObjectNode summary(int index) {
    return JsonTrees.object().put("item_id", "rs_mockscripted").put("output_index", index).put("summary_index", 0);
  }

  private static ObjectNode summaryPart(int index, String text) {
    ObjectNode event = summary(index);
    event.putObject("part").put("type", "summary_text").put("text", text);
    return event;
  }

  private static ObjectNode reasoningItem(ScriptedAnswer answer) {
    ObjectNode item = JsonTrees.object().put("id", "rs_mockscripted").put("type", "reasoning");
    item.putArray("summary").addObject().put("type", "summary_text").put("text", answer.reasoning());
    return item.put("encrypted_content", answer.signature());
  }

  private static void message(Events events, int index, String text) {
    events.item("response.output_item.added", index, messageItem(null, "in_progress"));
    events.add("response.content_part.added", part(index, outputText("")));
    for (String word : Sse.words(text)) {
      ObjectNode delta = content(index).put("delta", word);
      delta.putArray("logprobs");
      events.add("response.output_text.delta", delta);
    }
    ObjectNode done = content(index).put("text", text);
    done.putArray("logprobs");
    events.add("response.output_text.done", done);
    events.add("response.content_part.done", part(index, outputText(text)));
    events.item("response.output_item.done", index, messageItem(text, "completed"));
  }

  private static ObjectNode content(int index) {
    return JsonTrees.object().put("item_id", "msg_mockscripted").put("output_index", index).put("content_index", 0);
  }

  private static ObjectNode part(int index, ObjectNode part) {
    ObjectNode event = content(index);
    event.set("part", part);
    return event;
  }

  private static ObjectNode outputText(String text) {
    ObjectNode part = JsonTrees.object().put("type", "output_text").put("text", text);
    part.putArray("annotations");
    part.putArray("logprobs");
    return part;
  }

  /** @param text null for the item as first announced, before any content */
  private static ObjectNode messageItem(String text, String status) {
    ObjectNode item = JsonTrees.object().put("id", "msg_mockscripted").put("type", "message").put("status", status)
        .put("role", "assistant");
    ArrayNode content = item.putArray("content");
    if (text != null) {
      content.add(outputText(text));
    }
    return item;
  }

  private static void functionCall(Events events, int index, int call, ToolCall tool) {
    String itemId = "fc_mockscripted_" + call;
    events.item("response.output_item.added", index, callItem(call, tool, "", "in_progress"));
    for (String piece : tool.argumentPieces()) {
      events.add("response.function_call_arguments.delta",
          JsonTrees.object().put("item_id", itemId).put("output_index", index).put("delta", piece));
    }
    events.add("response.function_call_arguments.done", JsonTrees.object().put("item_id", itemId)
        .put("output_index", index).put("name", tool.name()).put("arguments", tool.arguments()));
    events.item("response.output_item.done", index, callItem(call, tool, tool.arguments(), "completed"));
  }

  private static ObjectNode callItem(int call, ToolCall tool, String arguments, String status) {
    return JsonTrees.object().put("id", "fc_mockscripted_" + call).put("type", "function_call").put("status", status)
        .put("arguments", arguments).put("call_id", tool.id()).put("name", tool.name());
  }

  /** The events of one stream, numbered as they are added. */
  private static final class Events {
    private final List<String> list = new ArrayList<>();
    private int sequence;

    void add(String type, ObjectNode fields) {
      ObjectNode event = JsonTrees.object().put("type", type).put("sequence_number", sequence++);
      event.setAll(fields);
      list.add(Sse.event(type, event));
    }

    void item(String type, int index, ObjectNode item) {
      ObjectNode fields = JsonTrees.object().put("output_index", index);
      fields.set("item", item);
      add(type, fields);
    }
  }
}

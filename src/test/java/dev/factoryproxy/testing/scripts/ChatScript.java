package dev.factoryproxy.testing.scripts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.factoryproxy.translate.JsonTrees;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ScriptedAnswer} as Chat Completions sends it (platform.openai.com, "The chat completion
 * chunk object"): reasoning as {@code reasoning_content} (what GLM and Kimi send, and DeepSeek
 * before them), each tool call opened with its id and name and then its arguments in pieces under
 * the same {@code index}, usage in a last chunk with no choices when {@code include_usage} asked.
 */
public final class ChatScript {

  private static final long CREATED = 1_760_000_000L;

  private ChatScript() {
  }

  public static List<String> chunks(String model, ScriptedAnswer answer, boolean includeUsage) {
    List<String> chunks = new ArrayList<>();
    chunks.add(chunk(model, JsonTrees.object().put("role", "assistant").put("content", ""), null));
    if (answer.reasoning() != null) {
      for (String word : Sse.words(answer.reasoning())) {
        chunks.add(chunk(model, JsonTrees.object().put("reasoning_content", word), null));
      }
    }
    if (answer.text() != null) {
      for (String word : Sse.words(answer.text())) {
        chunks.add(chunk(model, JsonTrees.object().put("content", word), null));
      }
    }
    for (int i = 0; i < answer.calls().size(); i++) {
      chunks.addAll(toolCall(model, i, answer.calls().get(i)));
    }
    chunks.add(chunk(model, JsonTrees.object(), finishReason(answer)));
    if (includeUsage) {
      ObjectNode last = envelope(model);
      last.putArray("choices");
      last.set("usage", usage(answer.usage()));
      chunks.add(Sse.data(last));
    }
    chunks.add("data: [DONE]\n\n");
    return chunks;
  }

  public static String completion(String model, ScriptedAnswer answer) {
    ObjectNode message = JsonTrees.object().put("role", "assistant").put("content", answer.text());
    if (answer.reasoning() != null) {
      message.put("reasoning_content", answer.reasoning());
    }
    if (answer.callsTools()) {
      ArrayNode calls = message.putArray("tool_calls");
      answer.calls().forEach(call -> calls.add(fullCall(call)));
    }
    message.putNull("refusal");
    ObjectNode completion = JsonTrees.object().put("id", "chatcmpl-mockscripted").put("object", "chat.completion")
        .put("created", CREATED).put("model", model);
    ObjectNode choice = completion.putArray("choices").addObject().put("index", 0);
    choice.set("message", message);
    choice.putNull("logprobs");
    choice.put("finish_reason", finishReason(answer));
    completion.set("usage", usage(answer.usage()));
    return JsonTrees.write(completion);
  }

  private static String finishReason(ScriptedAnswer answer) {
    return answer.callsTools() ? "tool_calls" : "stop";
  }

  private static List<String> toolCall(String model, int index, ToolCall call) {
    List<String> chunks = new ArrayList<>();
    ObjectNode opening = JsonTrees.object().put("index", index).put("id", call.id()).put("type", "function");
    opening.putObject("function").put("name", call.name()).put("arguments", "");
    chunks.add(chunk(model, toolCallsDelta(opening), null));
    for (String piece : call.argumentPieces()) {
      ObjectNode more = JsonTrees.object().put("index", index);
      more.putObject("function").put("arguments", piece);
      chunks.add(chunk(model, toolCallsDelta(more), null));
    }
    return chunks;
  }

  private static ObjectNode toolCallsDelta(ObjectNode call) {
    ObjectNode delta = JsonTrees.object();
    delta.putArray("tool_calls").add(call);
    return delta;
  }

  private static ObjectNode fullCall(ToolCall call) {
    ObjectNode node = JsonTrees.object().put("id", call.id()).put("type", "function");
    node.putObject("function").put("name", call.name()).put("arguments", call.arguments());
    return node;
  }

  private static String chunk(String model, ObjectNode delta, String finishReason) {
    ObjectNode chunk = envelope(model);
    ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
    choice.set("delta", delta);
    choice.putNull("logprobs");
    choice.put("finish_reason", finishReason);
    return Sse.data(chunk);
  }

  private static ObjectNode envelope(String model) {
    return JsonTrees.object().put("id", "chatcmpl-mockscripted").put("object", "chat.completion.chunk")
        .put("created", CREATED).put("model", model);
  }

  private static ObjectNode usage(ScriptedUsage usage) {
    ObjectNode node = JsonTrees.object().put("prompt_tokens", usage.input()).put("completion_tokens", usage.output())
        .put("total_tokens", usage.input() + usage.output());
    node.putObject("prompt_tokens_details").put("cached_tokens", usage.cached());
    node.putObject("completion_tokens_details").put("reasoning_tokens", usage.reasoning());
    return node;
  }
}

package dev.factoryproxy.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The three wire formats Factory AI speaks, streaming and not, as its upstreams send them:
 * OpenAI Responses events, Anthropic Messages events, and Chat Completions chunks ending
 * in {@code data: [DONE]}. Text is split into one delta per word.
 */
public final class WireFormats {

  private WireFormats() {
  }

  /** What the mock answers when a test did not say: the path's format, streamed if asked. */
  public static Reply defaultReply(Recorded request) {
    boolean stream = request.body().length() > 0 && isStream(request);
    String model = model(request);
    String path = request.path();
    if (path.endsWith("/a/v1/messages")) {
      return stream ? Reply.sse(anthropicEvents(model, "Hello from the mock"), Duration.ZERO)
          : Reply.json(anthropicMessage(model, "Hello from the mock"));
    }
    if (path.endsWith("/o/v1/chat/completions")) {
      return stream ? Reply.sse(chatChunks(model, "Hello from the mock"), Duration.ZERO)
          : Reply.json(chatCompletion(model, "Hello from the mock"));
    }
    return stream ? Reply.sse(responsesEvents(model, "Hello from the mock"), Duration.ZERO)
        : Reply.json(responsesResponse(model, "Hello from the mock"));
  }

  private static boolean isStream(Recorded request) {
    try {
      return request.body().toJsonObject().getBoolean("stream", false);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static String model(Recorded request) {
    try {
      return request.body().toJsonObject().getString("model", "unknown");
    } catch (RuntimeException e) {
      return "unknown";
    }
  }

  private static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    String[] parts = text.split(" ");
    for (int i = 0; i < parts.length; i++) {
      words.add(i == 0 ? parts[i] : " " + parts[i]);
    }
    return words;
  }

  private static String event(String name, JsonObject data) {
    return "event: " + name + "\ndata: " + data.encode() + "\n\n";
  }

  // ---- OpenAI Responses ----------------------------------------------------------------

  public static List<String> responsesEvents(String model, String text) {
    List<String> events = new ArrayList<>();
    int seq = 0;
    JsonObject response = new JsonObject().put("id", "resp_mock").put("object", "response")
        .put("created_at", 1_760_000_000).put("status", "in_progress").put("model", model)
        .put("output", new JsonArray());
    events.add(event("response.created", new JsonObject().put("type", "response.created")
        .put("sequence_number", seq++).put("response", response)));
    for (String word : words(text)) {
      events.add(event("response.output_text.delta", new JsonObject().put("type", "response.output_text.delta")
          .put("sequence_number", seq++).put("item_id", "msg_mock").put("output_index", 0)
          .put("content_index", 0).put("delta", word)));
    }
    events.add(event("response.completed", new JsonObject().put("type", "response.completed")
        .put("sequence_number", seq).put("response", new JsonObject(responsesResponse(model, text)))));
    return events;
  }

  public static String responsesResponse(String model, String text) {
    return new JsonObject().put("id", "resp_mock").put("object", "response").put("created_at", 1_760_000_000)
        .put("status", "completed").put("model", model)
        .put("output", new JsonArray().add(new JsonObject().put("type", "message").put("id", "msg_mock")
            .put("status", "completed").put("role", "assistant")
            .put("content", new JsonArray().add(new JsonObject().put("type", "output_text").put("text", text)
                .put("annotations", new JsonArray())))))
        .put("usage", new JsonObject().put("input_tokens", 12).put("output_tokens", words(text).size())
            .put("total_tokens", 12 + words(text).size()))
        .encode();
  }

  // ---- Anthropic Messages --------------------------------------------------------------

  public static List<String> anthropicEvents(String model, String text) {
    List<String> events = new ArrayList<>();
    events.add(event("message_start", new JsonObject().put("type", "message_start").put("message",
        new JsonObject().put("id", "msg_mock").put("type", "message").put("role", "assistant").put("model", model)
            .put("content", new JsonArray()).putNull("stop_reason").putNull("stop_sequence")
            .put("usage", new JsonObject().put("input_tokens", 12).put("output_tokens", 1)))));
    events.add(event("content_block_start", new JsonObject().put("type", "content_block_start").put("index", 0)
        .put("content_block", new JsonObject().put("type", "text").put("text", ""))));
    events.add(event("ping", new JsonObject().put("type", "ping")));
    for (String word : words(text)) {
      events.add(event("content_block_delta", new JsonObject().put("type", "content_block_delta").put("index", 0)
          .put("delta", new JsonObject().put("type", "text_delta").put("text", word))));
    }
    events.add(event("content_block_stop", new JsonObject().put("type", "content_block_stop").put("index", 0)));
    events.add(event("message_delta", new JsonObject().put("type", "message_delta")
        .put("delta", new JsonObject().put("stop_reason", "end_turn").putNull("stop_sequence"))
        .put("usage", new JsonObject().put("output_tokens", words(text).size()))));
    events.add(event("message_stop", new JsonObject().put("type", "message_stop")));
    return events;
  }

  public static String anthropicMessage(String model, String text) {
    return new JsonObject().put("id", "msg_mock").put("type", "message").put("role", "assistant").put("model", model)
        .put("content", new JsonArray().add(new JsonObject().put("type", "text").put("text", text)))
        .put("stop_reason", "end_turn").putNull("stop_sequence")
        .put("usage", new JsonObject().put("input_tokens", 12).put("output_tokens", words(text).size()))
        .encode();
  }

  // ---- OpenAI Chat Completions ---------------------------------------------------------

  public static List<String> chatChunks(String model, String text) {
    List<String> chunks = new ArrayList<>();
    chunks.add(chatChunk(model, new JsonObject().put("role", "assistant").put("content", ""), null));
    for (String word : words(text)) {
      chunks.add(chatChunk(model, new JsonObject().put("content", word), null));
    }
    chunks.add(chatChunk(model, new JsonObject(), "stop"));
    chunks.add("data: [DONE]\n\n");
    return chunks;
  }

  private static String chatChunk(String model, JsonObject delta, String finishReason) {
    JsonObject choice = new JsonObject().put("index", 0).put("delta", delta).put("finish_reason", finishReason);
    return "data: " + new JsonObject().put("id", "chatcmpl-mock").put("object", "chat.completion.chunk")
        .put("created", 1_760_000_000).put("model", model).put("choices", new JsonArray().add(choice)).encode()
        + "\n\n";
  }

  public static String chatCompletion(String model, String text) {
    return new JsonObject().put("id", "chatcmpl-mock").put("object", "chat.completion").put("created", 1_760_000_000)
        .put("model", model)
        .put("choices", new JsonArray().add(new JsonObject().put("index", 0)
            .put("message", new JsonObject().put("role", "assistant").put("content", text))
            .put("finish_reason", "stop")))
        .put("usage", new JsonObject().put("prompt_tokens", 12).put("completion_tokens", words(text).size())
            .put("total_tokens", 12 + words(text).size()))
        .encode();
  }
}

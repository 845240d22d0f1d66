package dev.factoryproxy.translate.responses;

import static dev.factoryproxy.translate.responses.Fixtures.clientCtx;
import static dev.factoryproxy.translate.responses.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.ObjectMappers;
import com.openai.models.responses.ResponseStreamEvent;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.StreamEncoder;
import dev.factoryproxy.translate.TranslationContext;
import dev.factoryproxy.translate.model.BlockKind;
import dev.factoryproxy.translate.model.Event;
import dev.factoryproxy.translate.model.Event.DeltaKind;
import dev.factoryproxy.translate.model.StopReason;
import dev.factoryproxy.translate.model.Usage;
import dev.factoryproxy.translate.sse.SseEvent;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponsesStreamEncoderTest {

  private static List<JsonNode> encode(TranslationContext ctx, Event... events) throws Exception {
    StreamEncoder encoder = ResponsesFormat.create().encoder(ctx);
    Buffer out = Buffer.buffer();
    for (Event event : events) {
      encoder.encode(event, out);
    }
    List<JsonNode> data = new ArrayList<>();
    for (SseEvent sse : Fixtures.split(out.toString())) {
      JsonNode node = JsonTrees.parse(sse.data());
      assertThat(sse.event()).isEqualTo(node.path("type").asText());
      ObjectMappers.jsonMapper().readValue(sse.data(), ResponseStreamEvent.class).validate();
      data.add(node);
    }
    return data;
  }

  private static List<String> types(List<JsonNode> events) {
    return events.stream().map(e -> e.path("type").asText()).toList();
  }

  private static String joined(List<JsonNode> events, String type) {
    StringBuilder text = new StringBuilder();
    events.stream().filter(e -> e.path("type").asText().equals(type)).forEach(e -> text.append(e.path("delta").asText()));
    return text.toString();
  }

  @Test
  void textThinkingAndToolCalls() throws Exception {
    List<JsonNode> events = encode(clientCtx(),
        new Event.Start("msg_01XY", "claude", new Usage(10L, null, 5L, null, null)),
        new Event.Ping(),
        new Event.BlockStart(0, BlockKind.THINKING, null, null),
        new Event.Delta(0, DeltaKind.THINKING, "Let me "),
        new Event.Delta(0, DeltaKind.THINKING, "think."),
        new Event.Delta(0, DeltaKind.SIGNATURE, "EqQBsig"),
        new Event.BlockStop(0),
        new Event.BlockStart(1, BlockKind.TEXT, null, null),
        new Event.Delta(1, DeltaKind.TEXT, "Hel"),
        new Event.Delta(1, DeltaKind.TEXT, "lo"),
        new Event.BlockStop(1),
        new Event.BlockStart(2, BlockKind.TOOL_CALL, "toolu_1", "weather"),
        new Event.Delta(2, DeltaKind.ARGUMENTS, "{\"city\""),
        new Event.Delta(2, DeltaKind.ARGUMENTS, ":\"Paris\"}"),
        new Event.BlockStop(2),
        new Event.Finish(StopReason.TOOL_USE, null, new Usage(10L, 20L, 5L, null, null)));

    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).path("sequence_number").asLong()).isEqualTo(i);
    }
    assertThat(types(events)).containsExactly(
        "response.created", "response.in_progress",
        "response.output_item.added", "response.reasoning_summary_part.added",
        "response.reasoning_summary_text.delta", "response.reasoning_summary_text.delta",
        "response.reasoning_summary_text.done", "response.reasoning_summary_part.done", "response.output_item.done",
        "response.output_item.added", "response.content_part.added",
        "response.output_text.delta", "response.output_text.delta",
        "response.output_text.done", "response.content_part.done", "response.output_item.done",
        "response.output_item.added",
        "response.function_call_arguments.delta", "response.function_call_arguments.delta",
        "response.function_call_arguments.done", "response.output_item.done",
        "response.completed");
    assertThat(events.get(0).path("response").path("status").asText()).isEqualTo("in_progress");
    assertThat(events.get(0).path("response").path("id").asText()).isEqualTo("resp_01XY");

    JsonNode completed = events.get(events.size() - 1).path("response");
    assertThat(completed.path("status").asText()).isEqualTo("completed");
    JsonNode output = completed.path("output");
    assertThat(output).hasSize(3);
    assertThat(output.get(0).path("summary").get(0).path("text").asText())
        .isEqualTo(joined(events, "response.reasoning_summary_text.delta")).isEqualTo("Let me think.");
    assertThat(output.get(0).path("encrypted_content").asText()).isEqualTo("EqQBsig");
    assertThat(output.get(1).path("content").get(0).path("text").asText())
        .isEqualTo(joined(events, "response.output_text.delta")).isEqualTo("Hello");
    assertThat(output.get(2).path("arguments").asText())
        .isEqualTo(joined(events, "response.function_call_arguments.delta")).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(output.get(2).path("call_id").asText()).isEqualTo("toolu_1");
    assertThat(output.get(2).path("output_index").isMissingNode()).isTrue();
    assertThat(events.get(17).path("output_index").asInt()).isEqualTo(2);
    assertThat(completed.path("usage").path("input_tokens").asLong()).isEqualTo(15);
    assertThat(completed.path("usage").path("input_tokens_details").path("cached_tokens").asLong()).isEqualTo(5);
    assertThat(completed.path("usage").path("output_tokens").asLong()).isEqualTo(20);
    assertThat(completed.path("usage").path("total_tokens").asLong()).isEqualTo(35);
  }

  @Test
  void customAndNamespacedToolsGoBackUnderTheirOwnNames() throws Exception {
    TranslationContext ctx = clientCtx();
    ResponsesFormat.create().readRequest(json("""
        {'model':'m','input':'x','tools':[{'type':'custom','name':'apply_patch'},
          {'type':'namespace','name':'mcp__fs','description':'d','tools':[{'type':'function','name':'read'}]}]}"""), ctx);
    List<JsonNode> events = encode(ctx,
        new Event.Start("msg_1", "claude", Usage.NONE),
        new Event.BlockStart(0, BlockKind.TOOL_CALL, "toolu_1", "apply_patch"),
        new Event.Delta(0, DeltaKind.ARGUMENTS, "{\"input\":\"*** Begin"),
        new Event.Delta(0, DeltaKind.ARGUMENTS, " Patch\\n\\u00e9\"}"),
        new Event.BlockStop(0),
        new Event.BlockStart(1, BlockKind.TOOL_CALL, "toolu_2", "mcp__fs__read"),
        new Event.Delta(1, DeltaKind.ARGUMENTS, "{}"),
        new Event.BlockStop(1),
        new Event.Finish(StopReason.TOOL_USE, null, Usage.NONE));
    assertThat(types(events)).containsExactly("response.created", "response.in_progress",
        "response.output_item.added", "response.custom_tool_call_input.delta", "response.custom_tool_call_input.done",
        "response.output_item.done",
        "response.output_item.added", "response.function_call_arguments.delta",
        "response.function_call_arguments.done", "response.output_item.done", "response.completed");
    assertThat(events.get(2).path("item").path("type").asText()).isEqualTo("custom_tool_call");
    assertThat(events.get(3).path("delta").asText()).isEqualTo("*** Begin Patch\né");
    JsonNode output = events.get(events.size() - 1).path("response").path("output");
    assertThat(output.get(0).path("input").asText()).isEqualTo("*** Begin Patch\né");
    assertThat(output.get(0).path("name").asText()).isEqualTo("apply_patch");
    assertThat(output.get(1).path("type").asText()).isEqualTo("function_call");
    assertThat(output.get(1).path("name").asText()).isEqualTo("read");
    assertThat(output.get(1).path("namespace").asText()).isEqualTo("mcp__fs");
    assertThat(events.get(events.size() - 1).path("response").path("usage").isNull()).isTrue();
  }

  @Test
  void maxTokensEndsIncomplete() throws Exception {
    List<JsonNode> events = encode(clientCtx(),
        new Event.Start("msg_1", "claude", Usage.NONE),
        new Event.BlockStart(0, BlockKind.TEXT, null, null),
        new Event.Delta(0, DeltaKind.TEXT, "cut"),
        new Event.BlockStop(0),
        new Event.Finish(StopReason.MAX_TOKENS, null, new Usage(1L, 2L, null, null, null)));
    JsonNode last = events.get(events.size() - 1);
    assertThat(last.path("type").asText()).isEqualTo("response.incomplete");
    assertThat(last.path("response").path("status").asText()).isEqualTo("incomplete");
    assertThat(last.path("response").path("incomplete_details").path("reason").asText()).isEqualTo("max_output_tokens");
  }

  @Test
  void failureEndsFailed() throws Exception {
    List<JsonNode> events = encode(clientCtx(),
        new Event.Start("msg_1", "claude", Usage.NONE),
        new Event.Failure("overloaded_error", "Overloaded"),
        new Event.Finish(StopReason.END_TURN, null, Usage.NONE));
    assertThat(types(events)).containsExactly("response.created", "response.in_progress", "response.failed");
    assertThat(events.get(2).path("response").path("status").asText()).isEqualTo("failed");
    assertThat(events.get(2).path("response").path("error"))
        .isEqualTo(json("{'code':'server_error','message':'Overloaded'}"));
    assertThat(ResponsesStreamEncoder.errorCode("rate_limit_error")).isEqualTo("rate_limit_exceeded");
  }

  @Test
  void redactedThinkingIsLeftOut() throws Exception {
    List<JsonNode> events = encode(clientCtx(),
        new Event.Start("msg_1", "claude", Usage.NONE),
        new Event.BlockStart(0, BlockKind.REDACTED_THINKING, null, null),
        new Event.Delta(0, DeltaKind.REDACTED, "opaque"),
        new Event.BlockStop(0),
        new Event.BlockStart(1, BlockKind.TEXT, null, null),
        new Event.Delta(1, DeltaKind.TEXT, "Hi"),
        new Event.BlockStop(1),
        new Event.Finish(StopReason.END_TURN, null, Usage.NONE));
    JsonNode output = events.get(events.size() - 1).path("response").path("output");
    assertThat(output).hasSize(1);
    assertThat(output.get(0).path("type").asText()).isEqualTo("message");
    assertThat(events.get(2).path("output_index").asInt()).isZero();
  }
}

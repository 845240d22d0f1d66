package dev.factoryproxy.translate.chat;

import static dev.factoryproxy.translate.chat.ChatFixtures.clientContext;
import static dev.factoryproxy.translate.chat.ChatFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factoryproxy.translate.TranslationContext;
import dev.factoryproxy.translate.WireApi;
import dev.factoryproxy.translate.model.BlockKind;
import dev.factoryproxy.translate.model.Event;
import dev.factoryproxy.translate.model.Event.DeltaKind;
import dev.factoryproxy.translate.model.StopReason;
import dev.factoryproxy.translate.model.Usage;
import dev.factoryproxy.translate.sse.SseEvent;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatStreamEncoderTest {

  private static final Usage USAGE = new Usage(10L, 20L, 1000L, 5L, 8L);

  private static String encode(TranslationContext ctx, Event... events) {
    ChatStreamEncoder encoder = new ChatStreamEncoder(ctx);
    Buffer out = Buffer.buffer();
    for (Event event : events) {
      encoder.encode(event, out);
    }
    return out.toString();
  }

  private static List<String> data(String stream) {
    assertThat(stream).doesNotContain("event:");
    return ChatFixtures.sse(stream).stream().map(SseEvent::data).toList();
  }

  private static JsonNode chunk(String data) {
    return ChatFixtures.reparsed(dev.factoryproxy.translate.JsonTrees.parse(data));
  }

  @Test
  void aToolCallingAnswer() {
    TranslationContext ctx = clientContext(WireApi.MESSAGES);
    String stream = encode(ctx,
        new Event.Start("msg_01ABC", "claude-sonnet-4-5", Usage.NONE),
        new Event.BlockStart(0, BlockKind.THINKING, null, null),
        new Event.Delta(0, DeltaKind.THINKING, "Plan."),
        new Event.Delta(0, DeltaKind.SIGNATURE, "sig-A"),
        new Event.BlockStop(0),
        new Event.Ping(),
        new Event.BlockStart(1, BlockKind.TEXT, null, null),
        new Event.Delta(1, DeltaKind.TEXT, "Calling."),
        new Event.BlockStop(1),
        new Event.BlockStart(2, BlockKind.TOOL_CALL, "toolu_1", "a"),
        new Event.Delta(2, DeltaKind.ARGUMENTS, "{\"x\":"),
        new Event.Delta(2, DeltaKind.ARGUMENTS, "1}"),
        new Event.BlockStop(2),
        new Event.BlockStart(3, BlockKind.TOOL_CALL, "toolu_2", "b"),
        new Event.Delta(3, DeltaKind.ARGUMENTS, "{}"),
        new Event.BlockStop(3),
        new Event.Finish(StopReason.TOOL_USE, null, USAGE));

    List<String> data = data(stream);
    assertThat(data).last().isEqualTo("[DONE]");
    List<JsonNode> chunks = data.subList(0, data.size() - 1).stream().map(ChatStreamEncoderTest::chunk).toList();
    assertThat(chunks).allSatisfy(c -> {
      assertThat(c.get("id").asText()).isEqualTo("chatcmpl-01ABC");
      assertThat(c.get("object").asText()).isEqualTo("chat.completion.chunk");
      assertThat(c.get("created").asLong()).isEqualTo(ChatFixtures.CREATED);
      assertThat(c.get("model").asText()).isEqualTo("glm-4.6");
    });
    assertThat(chunks).extracting(c -> c.get("choices").get(0).get("delta")).containsExactly(
        json("{'role':'assistant','content':''}"),
        json("{'reasoning_content':'Plan.'}"),
        json("{'reasoning_details':[{'type':'reasoning.text','signature':'sig-A','format':'anthropic-claude-v1','index':0}]}"),
        json("{'content':'Calling.'}"),
        json("{'tool_calls':[{'index':0,'id':'toolu_1','type':'function','function':{'name':'a','arguments':''}}]}"),
        json("{'tool_calls':[{'index':0,'function':{'arguments':'{\\'x\\':'}}]}"),
        json("{'tool_calls':[{'index':0,'function':{'arguments':'1}'}}]}"),
        json("{'tool_calls':[{'index':1,'id':'toolu_2','type':'function','function':{'name':'b','arguments':''}}]}"),
        json("{'tool_calls':[{'index':1,'function':{'arguments':'{}'}}]}"),
        json("{}"));
    assertThat(chunks).extracting(c -> c.get("choices").get(0).get("finish_reason").asText(null))
        .containsOnlyOnce("tool_calls");
    assertThat(chunks.get(chunks.size() - 1).get("choices").get(0).get("finish_reason").asText()).isEqualTo("tool_calls");
    assertThat(stream).endsWith("data: [DONE]\n\n");
  }

  @Test
  void usageChunkOnlyWhenTheClientAskedForIt() {
    Event[] answer = {new Event.Start("chatcmpl-9", "m", Usage.NONE), new Event.BlockStart(0, BlockKind.TEXT, null, null),
        new Event.Delta(0, DeltaKind.TEXT, "Hi"), new Event.BlockStop(0), new Event.Finish(StopReason.END_TURN, null, USAGE)};

    List<String> without = data(encode(clientContext(WireApi.MESSAGES), answer));
    assertThat(without).hasSize(4).noneMatch(d -> d.contains("\"usage\""));

    TranslationContext wants = clientContext(WireApi.MESSAGES);
    wants.clientWantsUsage(true);
    List<String> with = data(encode(wants, answer));
    assertThat(with).hasSize(5);
    JsonNode usageChunk = chunk(with.get(3));
    assertThat(usageChunk.get("id").asText()).isEqualTo("chatcmpl-9");
    assertThat(usageChunk.get("choices")).isEmpty();
    assertThat(usageChunk.get("usage")).isEqualTo(json("{'prompt_tokens':1015,'completion_tokens':20,'total_tokens':1035,"
        + "'prompt_tokens_details':{'cached_tokens':1000},'completion_tokens_details':{'reasoning_tokens':8}}"));
    assertThat(with.get(4)).isEqualTo("[DONE]");
  }

  @Test
  void aFailureIsOneErrorChunkAndNothingAfter() {
    String stream = encode(clientContext(WireApi.MESSAGES),
        new Event.Start("msg_1", "m", Usage.NONE),
        new Event.BlockStart(0, BlockKind.TEXT, null, null),
        new Event.Delta(0, DeltaKind.TEXT, "Hel"),
        new Event.Failure("overloaded_error", "Overloaded"),
        new Event.Finish(StopReason.END_TURN, null, Usage.NONE));

    List<String> data = data(stream);
    assertThat(data).hasSize(3);
    assertThat(chunk(data.get(2))).isEqualTo(json("{'error':{'message':'Overloaded','type':'overloaded_error','code':null}}"));
    assertThat(stream).doesNotContain("[DONE]");
  }

  @Test
  void redactedThinkingGoesAsEncryptedReasoningDetails() {
    List<String> data = data(encode(clientContext(WireApi.MESSAGES),
        new Event.Start("msg_1", "m", Usage.NONE),
        new Event.BlockStart(0, BlockKind.REDACTED_THINKING, null, null),
        new Event.Delta(0, DeltaKind.REDACTED, "EmwKAhgB"),
        new Event.BlockStop(0),
        new Event.Finish(StopReason.END_TURN, null, Usage.NONE)));

    assertThat(chunk(data.get(1)).get("choices").get(0).get("delta")).isEqualTo(json("{'reasoning_details':"
        + "[{'type':'reasoning.encrypted','data':'EmwKAhgB','format':'anthropic-claude-v1','index':0}]}"));
  }
}

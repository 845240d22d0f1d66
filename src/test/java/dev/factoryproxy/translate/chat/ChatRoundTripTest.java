package dev.factoryproxy.translate.chat;

import static dev.factoryproxy.translate.chat.ChatFixtures.clientContext;
import static dev.factoryproxy.translate.chat.ChatFixtures.json;
import static dev.factoryproxy.translate.chat.ChatFixtures.upstreamContext;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.WireApi;
import dev.factoryproxy.translate.model.BlockKind;
import dev.factoryproxy.translate.model.Content;
import dev.factoryproxy.translate.model.Conversation;
import dev.factoryproxy.translate.model.Event;
import dev.factoryproxy.translate.model.Event.DeltaKind;
import dev.factoryproxy.translate.model.Reasoning;
import dev.factoryproxy.translate.model.Role;
import dev.factoryproxy.translate.model.StopReason;
import dev.factoryproxy.translate.model.ToolChoice;
import dev.factoryproxy.translate.model.ToolSpec;
import dev.factoryproxy.translate.model.Turn;
import dev.factoryproxy.translate.model.Usage;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What this format writes, it reads back the same. */
class ChatRoundTripTest {

  private final ChatFormat chat = ChatFormat.create();

  @Test
  void aMultiTurnToolConversationSurvivesWriteThenRead() {
    Conversation sent = new Conversation("kimi-k2",
        List.of(new Content.Text("You are a travel agent.")),
        List.of(
            new Turn(Role.USER, List.of(new Content.Text("Weather in Paris and Rome?"),
                new Content.Image("image/jpeg", "/9j/4AAQ", null, "auto", null))),
            new Turn(Role.ASSISTANT, List.of(new Content.Thinking("Two calls.", null), new Content.Text("Checking."),
                new Content.ToolCall("call_P", "get_weather", "{\"city\":\"Paris\"}"),
                new Content.ToolCall("call_R", "get_weather", "{\"city\":\"Rome\"}"))),
            new Turn(Role.USER, List.of(
                new Content.ToolResult("call_P", List.of(new Content.Text("18C")), false, null),
                new Content.ToolResult("call_R", List.of(new Content.Text("21C")), false, null),
                new Content.Text("Which is warmer?"))),
            new Turn(Role.ASSISTANT, List.of(new Content.Text("Rome."))),
            new Turn(Role.USER, List.of(new Content.Text("Thanks"), new Content.Image(null, null,
                "https://example.com/map.png", null, null)))),
        List.of(ToolSpec.function("get_weather", "Weather by city", json("{'type':'object'}"), true, null)),
        ToolChoice.AUTO, false, 512, 0.3, 0.95, List.of("###"), "user-1", Reasoning.effort("medium"), null, true,
        Map.of("seed", IntNode.valueOf(42)));

    JsonNode wire = JsonTrees.parse(JsonTrees.write(chat.writeRequest(sent, upstreamContext())));
    Conversation back = chat.readRequest(wire, clientContext(WireApi.MESSAGES));

    assertThat(back).isEqualTo(sent);
  }

  @Test
  void encodedEventsDecodeToTheSameEvents() {
    List<Event> events = List.of(
        new Event.Start("chatcmpl-77", "glm-4.6", Usage.NONE),
        new Event.BlockStart(0, BlockKind.THINKING, null, null),
        new Event.Delta(0, DeltaKind.THINKING, "Hmm."),
        new Event.Delta(0, DeltaKind.SIGNATURE, "sig"),
        new Event.BlockStop(0),
        new Event.BlockStart(1, BlockKind.TEXT, null, null),
        new Event.Delta(1, DeltaKind.TEXT, "Sure."),
        new Event.BlockStop(1),
        new Event.BlockStart(2, BlockKind.TOOL_CALL, "call_1", "f"),
        new Event.Delta(2, DeltaKind.ARGUMENTS, "{\"a\":"),
        new Event.Delta(2, DeltaKind.ARGUMENTS, "1}"),
        new Event.BlockStop(2),
        new Event.BlockStart(3, BlockKind.TOOL_CALL, "call_2", "g"),
        new Event.Delta(3, DeltaKind.ARGUMENTS, "{}"),
        new Event.BlockStop(3),
        new Event.Finish(StopReason.TOOL_USE, null, new Usage(3L, 9L, 100L, null, 4L)));
    var ctx = clientContext(WireApi.MESSAGES);
    ctx.clientWantsUsage(true);
    ChatStreamEncoder encoder = new ChatStreamEncoder(ctx);
    Buffer wire = Buffer.buffer();
    events.forEach(e -> encoder.encode(e, wire));

    ChatStreamDecoder decoder = new ChatStreamDecoder();
    List<Event> back = new ArrayList<>();
    ChatFixtures.sse(wire.toString()).forEach(e -> decoder.decode(e, back::add));

    assertThat(back).containsExactlyElementsOf(events);
    assertThat(decoder.finished()).isTrue();
  }
}

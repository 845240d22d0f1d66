package dev.factoryproxy.translate.messages;

import static dev.factoryproxy.translate.messages.Fixtures.clientSide;
import static dev.factoryproxy.translate.messages.Fixtures.decode;
import static dev.factoryproxy.translate.messages.Fixtures.json;
import static dev.factoryproxy.translate.messages.Fixtures.sse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factoryproxy.translate.TranslationContext;
import dev.factoryproxy.translate.model.BlockKind;
import dev.factoryproxy.translate.model.Event;
import dev.factoryproxy.translate.model.Event.BlockStart;
import dev.factoryproxy.translate.model.Event.BlockStop;
import dev.factoryproxy.translate.model.Event.Delta;
import dev.factoryproxy.translate.model.Event.DeltaKind;
import dev.factoryproxy.translate.model.Event.Finish;
import dev.factoryproxy.translate.model.StopReason;
import dev.factoryproxy.translate.model.Usage;
import dev.factoryproxy.translate.sse.SseEvent;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessagesStreamEncoderTest {

  private static final Event.Start START = new Event.Start("chatcmpl-42", "glm-4.6", Usage.NONE);

  private final TranslationContext ctx = clientSide();

  private String encode(Event... events) {
    MessagesStreamEncoder encoder = new MessagesStreamEncoder(ctx);
    Buffer out = Buffer.buffer();
    for (Event event : events) {
      encoder.encode(event, out);
    }
    return out.toString();
  }

  private static List<String> names(String stream) {
    return sse(stream).stream().map(SseEvent::event).toList();
  }

  private static JsonNode data(String stream, int i) {
    return json(sse(stream).get(i).data());
  }

  @Test
  void writesEachEventAsNameAndData() {
    String stream = encode(START, new BlockStart(0, BlockKind.TEXT, null, null), new Delta(0, DeltaKind.TEXT, "Hi"));
    assertThat(stream).contains("event: content_block_delta\ndata: "
        + "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n");
  }

  @Test
  void startsWithMessageStartCarryingTheEstimatedInput() {
    ctx.estimatedInputTokens(321L);
    String stream = encode(START);
    assertThat(names(stream)).containsExactly("message_start");
    assertThat(data(stream, 0)).isEqualTo(json("""
        {"type":"message_start","message":{"id":"msg_42","type":"message","role":"assistant","model":"client-model",
         "content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":321,"output_tokens":0}}}"""));
  }

  @Test
  void theUpstreamInputBeatsTheEstimateAndCacheCountsGoAlong() {
    ctx.estimatedInputTokens(321L);
    String stream = encode(new Event.Start("msg_1", "claude", new Usage(12L, 1L, 30L, 4L, null)));
    assertThat(data(stream, 0).path("message").path("usage")).isEqualTo(json("""
        {"input_tokens":12,"output_tokens":1,"cache_read_input_tokens":30,"cache_creation_input_tokens":4}"""));
  }

  @Test
  void writesTextToolCallsAndTheFinish() {
    String stream = encode(START,
        new BlockStart(0, BlockKind.TEXT, null, null), new Delta(0, DeltaKind.TEXT, "Checking."), new BlockStop(0),
        new BlockStart(1, BlockKind.TOOL_CALL, "call_1", "get_weather"),
        new Delta(1, DeltaKind.ARGUMENTS, "{\"city\":"), new Delta(1, DeltaKind.ARGUMENTS, "\"Paris\"}"),
        new BlockStop(1),
        new Finish(StopReason.TOOL_USE, null, new Usage(40L, 25L, 8L, null, null)));
    assertThat(names(stream)).containsExactly("message_start",
        "content_block_start", "content_block_delta", "content_block_stop",
        "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
        "message_delta", "message_stop");
    assertThat(data(stream, 1)).isEqualTo(json("""
        {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""));
    assertThat(data(stream, 4)).isEqualTo(json("""
        {"type":"content_block_start","index":1,
         "content_block":{"type":"tool_use","id":"call_1","name":"get_weather","input":{}}}"""));
    assertThat(data(stream, 5)).isEqualTo(json("""
        {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"city\\":"}}"""));
    assertThat(data(stream, 7)).isEqualTo(json("{\"type\":\"content_block_stop\",\"index\":1}"));
    assertThat(data(stream, 8)).isEqualTo(json("""
        {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},
         "usage":{"output_tokens":25,"input_tokens":40,"cache_read_input_tokens":8}}"""));
    assertThat(data(stream, 9)).isEqualTo(json("{\"type\":\"message_stop\"}"));
  }

  @Test
  void writesThinkingWithItsSignatureAndHoldsRedactedThinkingForItsData() {
    String stream = encode(START,
        new BlockStart(0, BlockKind.THINKING, null, null), new Delta(0, DeltaKind.THINKING, "Hmm."),
        new Delta(0, DeltaKind.SIGNATURE, "EqQBCgIY"), new BlockStop(0),
        new BlockStart(1, BlockKind.REDACTED_THINKING, null, null), new Delta(1, DeltaKind.REDACTED, "EmwKAhgB"),
        new BlockStop(1),
        new Finish(StopReason.END_TURN, null, Usage.NONE));
    assertThat(data(stream, 1)).isEqualTo(json("""
        {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}"""));
    assertThat(data(stream, 2).path("delta")).isEqualTo(json("{\"type\":\"thinking_delta\",\"thinking\":\"Hmm.\"}"));
    assertThat(data(stream, 3).path("delta")).isEqualTo(json("{\"type\":\"signature_delta\",\"signature\":\"EqQBCgIY\"}"));
    assertThat(data(stream, 5)).isEqualTo(json("""
        {"type":"content_block_start","index":1,"content_block":{"type":"redacted_thinking","data":"EmwKAhgB"}}"""));
    assertThat(data(stream, 6)).isEqualTo(json("{\"type\":\"content_block_stop\",\"index\":1}"));
    assertThat(data(stream, 7).path("usage")).isEqualTo(json("{\"output_tokens\":0}"));
  }

  @Test
  void writesTheStopSequence() {
    String stream = encode(START, new Finish(StopReason.STOP_SEQUENCE, "END", new Usage(null, 3L, null, null, null)));
    assertThat(data(stream, 1).path("delta")).isEqualTo(json("{\"stop_reason\":\"stop_sequence\",\"stop_sequence\":\"END\"}"));
  }

  @Test
  void writesPingsOnlyAfterTheStart() {
    assertThat(names(encode(new Event.Ping(), START, new Event.Ping()))).containsExactly("message_start", "ping");
  }

  @Test
  void writesAFailureAsAnErrorEventAndNothingAfter() {
    String stream = encode(START, new BlockStart(0, BlockKind.TEXT, null, null),
        new Event.Failure(null, "upstream went away"), new BlockStop(0), new Finish(StopReason.END_TURN, null, null));
    assertThat(names(stream)).containsExactly("message_start", "content_block_start", "error");
    assertThat(data(stream, 2)).isEqualTo(json("""
        {"type":"error","error":{"type":"api_error","message":"upstream went away"}}"""));
    assertThat(data(encode(START, new Event.Failure("overloaded_error", "Overloaded")), 1).at("/error/type").asText())
        .isEqualTo("overloaded_error");
  }

  @Test
  void keepsTheInvariantsWhenTheEventsDoNot() {
    String stream = encode(
        new BlockStart(0, BlockKind.TEXT, null, null), new Delta(0, DeltaKind.SIGNATURE, "stray"),
        new Delta(0, DeltaKind.TEXT, "a"),
        new BlockStart(1, BlockKind.TEXT, null, null), new Delta(1, DeltaKind.TEXT, "b"),
        new Finish(StopReason.END_TURN, null, Usage.NONE), new Event.Ping());
    assertThat(names(stream)).containsExactly("message_start",
        "content_block_start", "content_block_delta", "content_block_stop",
        "content_block_start", "content_block_delta", "content_block_stop",
        "message_delta", "message_stop");
    assertThat(data(stream, 3).path("index").asInt()).isEqualTo(0);
    assertThat(data(stream, 4).path("index").asInt()).isEqualTo(1);
    assertThat(data(stream, 6).path("index").asInt()).isEqualTo(1);
  }

  @Test
  void whatTheDecoderReadsTheEncoderWritesBack() {
    String upstream = """
        event: message_start
        data: {"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","content":[],"model":"claude","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":1}}}

        event: content_block_start
        data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":0}

        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":5}}

        event: message_stop
        data: {"type":"message_stop"}

        """;
    List<Event> events = decode(new MessagesStreamDecoder(), upstream);
    String stream = encode(events.toArray(Event[]::new));
    assertThat(names(stream)).isEqualTo(names(upstream));
    assertThat(data(stream, 2)).isEqualTo(data(upstream, 2));
    assertThat(data(stream, 4).path("delta")).isEqualTo(data(upstream, 4).path("delta"));
  }
}

package dev.factoryproxy.translate.messages;

import static dev.factoryproxy.translate.messages.Fixtures.decode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.translate.model.BlockKind;
import dev.factoryproxy.translate.model.Event;
import dev.factoryproxy.translate.model.Event.BlockStart;
import dev.factoryproxy.translate.model.Event.BlockStop;
import dev.factoryproxy.translate.model.Event.Delta;
import dev.factoryproxy.translate.model.Event.DeltaKind;
import dev.factoryproxy.translate.model.Event.Finish;
import dev.factoryproxy.translate.model.StopReason;
import dev.factoryproxy.translate.model.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessagesStreamDecoderTest {

  private static final String START = """
      event: message_start
      data: {"type":"message_start","message":{"id":"msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5-20250929","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":472,"output_tokens":2,"cache_read_input_tokens":100,"cache_creation_input_tokens":0}}}

      """;

  private final MessagesStreamDecoder decoder = new MessagesStreamDecoder();

  @Test
  void decodesText() {
    List<Event> events = decode(decoder, START + """
        event: content_block_start
        data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

        event: ping
        data: {"type": "ping"}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"!"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":0}

        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}

        event: message_stop
        data: {"type":"message_stop"}

        """);
    assertThat(events).containsExactly(
        new Event.Start("msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY", "claude-sonnet-4-5-20250929",
            new Usage(472L, 2L, 100L, 0L, null)),
        new BlockStart(0, BlockKind.TEXT, null, null),
        new Event.Ping(),
        new Delta(0, DeltaKind.TEXT, "Hello"),
        new Delta(0, DeltaKind.TEXT, "!"),
        new BlockStop(0),
        new Finish(StopReason.END_TURN, null, new Usage(472L, 15L, 100L, 0L, null)));
    assertThat(decoder.finished()).isTrue();
  }

  @Test
  void decodesParallelToolCallsFromPiecesOfJson() {
    List<Event> events = decode(decoder, START + """
        event: content_block_start
        data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":"Let me check"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":0}

        event: content_block_start
        data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"get_weather","input":{}}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"location\\":"}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":" \\"San Francisco, CA\\"}"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":1}

        event: content_block_start
        data: {"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_02","name":"get_time","input":{}}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\\"tz\\": \\"PST\\"}"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":2}

        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}}

        event: message_stop
        data: {"type":"message_stop"}

        """);
    assertThat(events.subList(1, events.size())).containsExactly(
        new BlockStart(0, BlockKind.TEXT, null, null),
        new Delta(0, DeltaKind.TEXT, "Let me check"),
        new BlockStop(0),
        new BlockStart(1, BlockKind.TOOL_CALL, "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather"),
        new Delta(1, DeltaKind.ARGUMENTS, "{\"location\":"),
        new Delta(1, DeltaKind.ARGUMENTS, " \"San Francisco, CA\"}"),
        new BlockStop(1),
        new BlockStart(2, BlockKind.TOOL_CALL, "toolu_02", "get_time"),
        new Delta(2, DeltaKind.ARGUMENTS, "{\"tz\": \"PST\"}"),
        new BlockStop(2),
        new Finish(StopReason.TOOL_USE, null, new Usage(472L, 89L, 100L, 0L, null)));
  }

  @Test
  void decodesThinkingWithItsSignatureAndRedactedThinking() {
    List<Event> events = decode(decoder, START + """
        event: content_block_start
        data: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me solve this step by step."}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":0}

        event: content_block_start
        data: {"type":"content_block_start","index":1,"content_block":{"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":1}

        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"max_tokens","stop_sequence":null},"usage":{"output_tokens":1024}}

        event: message_stop
        data: {"type":"message_stop"}

        """);
    assertThat(events.subList(1, events.size())).containsExactly(
        new BlockStart(0, BlockKind.THINKING, null, null),
        new Delta(0, DeltaKind.THINKING, "Let me solve this step by step."),
        new Delta(0, DeltaKind.SIGNATURE, "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"),
        new BlockStop(0),
        new BlockStart(1, BlockKind.REDACTED_THINKING, null, null),
        new Delta(1, DeltaKind.REDACTED, "EmwKAhgBEgy3va3pzix"),
        new BlockStop(1),
        new Finish(StopReason.MAX_TOKENS, null, new Usage(472L, 1024L, 100L, 0L, null)));
  }

  @Test
  void dropsServerToolBlocksAndNumbersTheRestWithoutGaps() {
    List<Event> events = decode(decoder, START + """
        event: content_block_start
        data: {"type":"content_block_start","index":0,"content_block":{"type":"server_tool_use","id":"srvtoolu_014","name":"web_search","input":{}}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\\"query\\": \\"weather\\"}"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":0}

        event: content_block_start
        data: {"type":"content_block_start","index":1,"content_block":{"type":"web_search_tool_result","tool_use_id":"srvtoolu_014","content":[]}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":1}

        event: content_block_start
        data: {"type":"content_block_start","index":2,"content_block":{"type":"text","text":""}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":2,"delta":{"type":"citations_delta","citation":{"type":"web_search_result_location","url":"https://x"}}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":2,"delta":{"type":"text_delta","text":"Sunny."}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":2}

        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":600,"output_tokens":30,"cache_read_input_tokens":120,"server_tool_use":{"web_search_requests":1}}}

        event: message_stop
        data: {"type":"message_stop"}

        """);
    assertThat(events.subList(1, events.size())).containsExactly(
        new BlockStart(0, BlockKind.TEXT, null, null),
        new Delta(0, DeltaKind.TEXT, "Sunny."),
        new BlockStop(0),
        new Finish(StopReason.END_TURN, null, new Usage(600L, 30L, 120L, 0L, null)));
  }

  @Test
  void keepsTheStopSequence() {
    List<Event> events = decode(decoder, START + """
        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"stop_sequence","stop_sequence":"END"},"usage":{"output_tokens":3}}

        event: message_stop
        data: {"type":"message_stop"}

        """);
    assertThat(events.get(events.size() - 1))
        .isEqualTo(new Finish(StopReason.STOP_SEQUENCE, "END", new Usage(472L, 3L, 100L, 0L, null)));
  }

  @Test
  void anErrorEventEndsTheStream() {
    List<Event> events = decode(decoder, START + """
        event: error
        data: {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}

        """);
    assertThat(events.get(events.size() - 1)).isEqualTo(new Event.Failure("overloaded_error", "Overloaded"));
    assertThat(decoder.finished()).isTrue();
  }

  @Test
  void aStreamCutBeforeMessageStopIsNotFinished() {
    List<Event> events = decode(decoder, START + """
        event: content_block_start
        data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}

        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}

        """);
    assertThat(decoder.finished()).isFalse();
    assertThat(events).noneMatch(Finish.class::isInstance);
    assertThat(events.get(events.size() - 1)).isEqualTo(new Delta(0, DeltaKind.TEXT, "Hel"));
  }
}

package dev.factoryproxy.translate.messages;

import static dev.factoryproxy.translate.messages.Fixtures.clientSide;
import static dev.factoryproxy.translate.messages.Fixtures.format;
import static dev.factoryproxy.translate.messages.Fixtures.json;
import static dev.factoryproxy.translate.messages.Fixtures.upstreamSide;
import static dev.factoryproxy.translate.messages.Fixtures.wire;
import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.translate.UpstreamError;
import dev.factoryproxy.translate.model.BlockKind;
import dev.factoryproxy.translate.model.CompleteMessage;
import dev.factoryproxy.translate.model.CompleteMessage.Block;
import dev.factoryproxy.translate.model.StopReason;
import dev.factoryproxy.translate.model.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessagesResponseTest {

  @Test
  void readsAWholeAnswer() {
    CompleteMessage m = format().readResponse(json("""
        {"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
         "content":[
           {"type":"thinking","thinking":"The user wants weather.","signature":"EqQBCgIYAhIM"},
           {"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix"},
           {"type":"server_tool_use","id":"srvtoolu_01","name":"web_search","input":{"query":"paris weather"}},
           {"type":"web_search_tool_result","tool_use_id":"srvtoolu_01","content":[]},
           {"type":"text","text":"Checking.","citations":[{"type":"web_search_result_location","url":"https://x"}]},
           {"type":"tool_use","id":"toolu_01A09q90qw90lq917835lq9","name":"get_weather","input":{"location":"Paris"}},
           {"type":"tool_use","id":"toolu_01B","name":"get_time","input":{}}],
         "stop_reason":"tool_use","stop_sequence":null,
         "usage":{"input_tokens":2095,"output_tokens":503,"cache_read_input_tokens":1000,
                  "cache_creation_input_tokens":200}}"""), upstreamSide());
    assertThat(m.id()).isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
    assertThat(m.model()).isEqualTo("claude-sonnet-4-5-20250929");
    assertThat(m.blocks()).containsExactly(
        Block.thinking("The user wants weather.", "EqQBCgIYAhIM"),
        new Block(BlockKind.REDACTED_THINKING, "EmwKAhgBEgy3va3pzix", null, null, null),
        Block.text("Checking."),
        Block.toolCall("toolu_01A09q90qw90lq917835lq9", "get_weather", "{\"location\":\"Paris\"}"),
        Block.toolCall("toolu_01B", "get_time", "{}"));
    assertThat(m.stopReason()).isEqualTo(StopReason.TOOL_USE);
    assertThat(m.stopSequence()).isNull();
    assertThat(m.usage()).isEqualTo(new Usage(2095L, 503L, 1000L, 200L, null));
  }

  @ParameterizedTest
  @CsvSource({"end_turn,END_TURN", "max_tokens,MAX_TOKENS", "tool_use,TOOL_USE", "stop_sequence,STOP_SEQUENCE",
      "refusal,REFUSAL", "pause_turn,PAUSE_TURN", "model_context_window_exceeded,MAX_TOKENS"})
  void readsEveryStopReason(String wire, StopReason reason) {
    CompleteMessage m = format().readResponse(json("""
        {"id":"msg_1","model":"m","content":[],"stop_reason":"%s","stop_sequence":"END",
         "usage":{"input_tokens":1,"output_tokens":2}}""".formatted(wire)), upstreamSide());
    assertThat(m.stopReason()).isEqualTo(reason);
    assertThat(m.stopSequence()).isEqualTo("END");
    assertThat(m.usage()).isEqualTo(new Usage(1L, 2L, null, null, null));
  }

  @ParameterizedTest
  @CsvSource({"END_TURN,end_turn", "MAX_TOKENS,max_tokens", "TOOL_USE,tool_use", "STOP_SEQUENCE,stop_sequence",
      "REFUSAL,refusal", "PAUSE_TURN,pause_turn"})
  void writesEveryStopReason(StopReason reason, String wire) {
    CompleteMessage m = new CompleteMessage("chatcmpl-abc", "glm", List.of(), reason, null, Usage.NONE);
    assertThat(format().writeResponse(m, clientSide()).path("stop_reason").asText()).isEqualTo(wire);
  }

  @Test
  void writesAWholeAnswerForAMessagesClient() {
    CompleteMessage m = new CompleteMessage("chatcmpl-9abc", "glm-4.6", List.of(
        Block.thinking("Think.", "openai:gAAAA"),
        Block.thinking("Unsigned.", null),
        new Block(BlockKind.REDACTED_THINKING, "EmwK", null, null, null),
        Block.text("Here."),
        Block.toolCall("call_1", "get_weather", "{\"location\":\"Paris\"}"),
        Block.toolCall("call_2", "cut", "{\"loc")),
        StopReason.STOP_SEQUENCE, "END", new Usage(10L, 20L, 5L, null, 3L));
    assertThat(wire(format().writeResponse(m, clientSide()))).isEqualTo(json("""
        {"id":"msg_9abc","type":"message","role":"assistant","model":"client-model",
         "content":[
           {"type":"thinking","thinking":"Think.","signature":"openai:gAAAA"},
           {"type":"thinking","thinking":"Unsigned.","signature":""},
           {"type":"redacted_thinking","data":"EmwK"},
           {"type":"text","text":"Here."},
           {"type":"tool_use","id":"call_1","name":"get_weather","input":{"location":"Paris"}},
           {"type":"tool_use","id":"call_2","name":"cut","input":{}}],
         "stop_reason":"stop_sequence","stop_sequence":"END",
         "usage":{"input_tokens":10,"output_tokens":20,"cache_read_input_tokens":5}}"""));
  }

  @Test
  void writesZeroOnlyForCountsNobodyReported() {
    CompleteMessage m = new CompleteMessage("resp_77", "gpt", List.of(Block.text("x")), null, null, Usage.NONE);
    assertThat(wire(format().writeResponse(m, clientSide()))).isEqualTo(json("""
        {"id":"msg_77","type":"message","role":"assistant","model":"client-model",
         "content":[{"type":"text","text":"x"}],"stop_reason":null,"stop_sequence":null,
         "usage":{"input_tokens":0,"output_tokens":0}}"""));
  }

  @Test
  void derivesTheMessageIdFromTheUpstreamId() {
    assertThat(MessageIds.derive("chatcmpl-123")).isEqualTo("msg_123");
    assertThat(MessageIds.derive("resp_abc")).isEqualTo("msg_abc");
    assertThat(MessageIds.derive("msg_01X")).isEqualTo("msg_01X");
    assertThat(MessageIds.derive("plain")).isEqualTo("msg_plain");
    assertThat(MessageIds.derive(null)).startsWith("msg_").hasSizeGreaterThan(20);
  }

  @Test
  void readsAnthropicErrorsOnly() {
    assertThat(format().readError(json("""
        {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""")))
        .isEqualTo(new UpstreamError("overloaded_error", null, "Overloaded"));
    assertThat(format().readError(json("""
        {"error":{"message":"Rate limit","type":"requests","code":"rate_limit_exceeded"}}"""))).isNull();
    assertThat(format().readError(json("{\"type\":\"message\",\"content\":[]}"))).isNull();
  }
}

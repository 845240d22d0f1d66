package dev.factoryproxy.translate.chat;

import static dev.factoryproxy.translate.chat.ChatFixtures.chunk;
import static dev.factoryproxy.translate.chat.ChatFixtures.decode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.translate.model.BlockKind;
import dev.factoryproxy.translate.model.Event;
import dev.factoryproxy.translate.model.Event.DeltaKind;
import dev.factoryproxy.translate.model.StopReason;
import dev.factoryproxy.translate.model.Usage;
import dev.factoryproxy.translate.sse.SseEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ChatStreamDecoderTest {

  private static final String DONE = "data: [DONE]\n\n";
  private static final Event START = new Event.Start("chatcmpl-123", "glm-4.6", Usage.NONE);

  @Test
  void text() {
    List<Event> events = decode(chunk("{'role':'assistant','content':''}", null) + chunk("{'content':'Hello'}", null)
        + chunk("{'content':' there'}", null) + chunk("{}", "stop") + DONE);

    assertThat(events).containsExactly(START,
        new Event.BlockStart(0, BlockKind.TEXT, null, null),
        new Event.Delta(0, DeltaKind.TEXT, "Hello"),
        new Event.Delta(0, DeltaKind.TEXT, " there"),
        new Event.BlockStop(0),
        new Event.Finish(StopReason.END_TURN, null, Usage.NONE));
  }

  @Test
  void reasoningThenTextThenAToolCallWithSeveralArgumentDeltas() {
    List<Event> events = decode(chunk("{'role':'assistant','content':null,'reasoning_content':'Need'}", null)
        + chunk("{'reasoning_content':' weather.'}", null)
        + chunk("{'content':'Let me check.'}", null)
        + chunk("{'tool_calls':[{'index':0,'id':'call_abc','type':'function','function':{'name':'get_weather','arguments':''}}]}", null)
        + chunk("{'tool_calls':[{'index':0,'function':{'arguments':'{\\'loc'}}]}", null)
        + chunk("{'tool_calls':[{'index':0,'function':{'arguments':'ation\\':'}}]}", null)
        + chunk("{'tool_calls':[{'index':0,'function':{'arguments':'\\'Oslo\\'}'}}]}", null)
        + chunk("{}", "tool_calls") + DONE);

    assertThat(events).containsExactly(START,
        new Event.BlockStart(0, BlockKind.THINKING, null, null),
        new Event.Delta(0, DeltaKind.THINKING, "Need"),
        new Event.Delta(0, DeltaKind.THINKING, " weather."),
        new Event.BlockStop(0),
        new Event.BlockStart(1, BlockKind.TEXT, null, null),
        new Event.Delta(1, DeltaKind.TEXT, "Let me check."),
        new Event.BlockStop(1),
        new Event.BlockStart(2, BlockKind.TOOL_CALL, "call_abc", "get_weather"),
        new Event.Delta(2, DeltaKind.ARGUMENTS, "{\"loc"),
        new Event.Delta(2, DeltaKind.ARGUMENTS, "ation\":"),
        new Event.Delta(2, DeltaKind.ARGUMENTS, "\"Oslo\"}"),
        new Event.BlockStop(2),
        new Event.Finish(StopReason.TOOL_USE, null, Usage.NONE));
  }

  @Test
  void parallelToolCallsAreOneBlockEach() {
    List<Event> events = decode(chunk("{'role':'assistant','tool_calls':[{'index':0,'id':'call_1','type':'function',"
        + "'function':{'name':'a','arguments':'{}'}}]}", null)
        + chunk("{'tool_calls':[{'index':1,'id':'call_2','type':'function','function':{'name':'b','arguments':'{\\'x\\''}}]}", null)
        + chunk("{'tool_calls':[{'index':1,'function':{'arguments':':1}'}}]}", null)
        + chunk("{}", "tool_calls") + DONE);

    assertThat(events).containsExactly(START,
        new Event.BlockStart(0, BlockKind.TOOL_CALL, "call_1", "a"),
        new Event.Delta(0, DeltaKind.ARGUMENTS, "{}"),
        new Event.BlockStop(0),
        new Event.BlockStart(1, BlockKind.TOOL_CALL, "call_2", "b"),
        new Event.Delta(1, DeltaKind.ARGUMENTS, "{\"x\""),
        new Event.Delta(1, DeltaKind.ARGUMENTS, ":1}"),
        new Event.BlockStop(1),
        new Event.Finish(StopReason.TOOL_USE, null, Usage.NONE));
  }

  @Test
  void interleavedToolArgumentsFailTheStream() {
    ChatStreamDecoder decoder = new ChatStreamDecoder();
    List<Event> events = new ArrayList<>();
    ChatFixtures.sse(chunk("{'tool_calls':[{'index':0,'id':'c1','function':{'name':'a','arguments':'{'}}]}", null)
        + chunk("{'tool_calls':[{'index':1,'id':'c2','function':{'name':'b','arguments':'{'}}]}", null)
        + chunk("{'tool_calls':[{'index':0,'function':{'arguments':'}'}}]}", null)
        + DONE).forEach(e -> decoder.decode(e, events::add));

    assertThat(events.get(events.size() - 1)).isInstanceOf(Event.Failure.class);
    assertThat(events).noneMatch(e -> e instanceof Event.Finish);
    assertThat(decoder.finished()).isTrue();
  }

  @Test
  void usageChunkAfterTheFinishReason() {
    List<Event> events = decode(chunk("{'content':'Hi'}", null) + chunk("{}", "length")
        + ("data: {'id':'chatcmpl-123','object':'chat.completion.chunk','created':1694268190,'model':'glm-4.6',"
        + "'choices':[],'usage':{'prompt_tokens':1200,'completion_tokens':64,'total_tokens':1264,"
        + "'prompt_tokens_details':{'cached_tokens':1152},'completion_tokens_details':{'reasoning_tokens':40}}}\n\n")
        .replace('\'', '"') + DONE);

    assertThat(events.get(events.size() - 1))
        .isEqualTo(new Event.Finish(StopReason.MAX_TOKENS, null, new Usage(48L, 64L, 1152L, null, 40L)));
  }

  @ParameterizedTest
  @CsvSource({"stop,END_TURN", "length,MAX_TOKENS", "tool_calls,TOOL_USE", "content_filter,REFUSAL"})
  void everyFinishReason(String finish, StopReason reason) {
    List<Event> events = decode(chunk("{'content':'a'}", null) + chunk("{}", finish) + DONE);

    assertThat(((Event.Finish) events.get(events.size() - 1)).reason()).isEqualTo(reason);
  }

  @Test
  void openRouterSignaturesAndEncryptedReasoning() {
    List<Event> events = decode(chunk("{'reasoning':'Hm.','reasoning_details':[{'type':'reasoning.text','text':'Hm.','index':0}]}", null)
        + chunk("{'reasoning_details':[{'type':'reasoning.text','signature':'sig','index':0}]}", null)
        + chunk("{'reasoning_details':[{'type':'reasoning.encrypted','data':'blob','index':1}]}", null)
        + chunk("{'content':'Done'}", "stop") + DONE);

    assertThat(events).containsExactly(START,
        new Event.BlockStart(0, BlockKind.THINKING, null, null),
        new Event.Delta(0, DeltaKind.THINKING, "Hm."),
        new Event.Delta(0, DeltaKind.SIGNATURE, "sig"),
        new Event.BlockStop(0),
        new Event.BlockStart(1, BlockKind.REDACTED_THINKING, null, null),
        new Event.Delta(1, DeltaKind.REDACTED, "blob"),
        new Event.BlockStop(1),
        new Event.BlockStart(2, BlockKind.TEXT, null, null),
        new Event.Delta(2, DeltaKind.TEXT, "Done"),
        new Event.BlockStop(2),
        new Event.Finish(StopReason.END_TURN, null, Usage.NONE));
  }

  @Test
  void anErrorChunkIsAFailureAndEndsTheStream() {
    ChatStreamDecoder decoder = new ChatStreamDecoder();
    List<Event> events = new ArrayList<>();
    ChatFixtures.sse(chunk("{'content':'Hel'}", null)
        + "data: {\"error\":{\"message\":\"The server is overloaded\",\"type\":\"server_error\",\"code\":null}}\n\n"
        + DONE).forEach(e -> decoder.decode(e, events::add));

    assertThat(events).endsWith(new Event.Failure("server_error", "The server is overloaded"));
    assertThat(decoder.finished()).isTrue();
  }

  @Test
  void aStreamCutBeforeDoneHasNoFinish() {
    ChatStreamDecoder decoder = new ChatStreamDecoder();
    List<Event> events = new ArrayList<>();
    ChatFixtures.sse(chunk("{'content':'Hel'}", null) + chunk("{}", "stop"))
        .forEach(e -> decoder.decode(e, events::add));

    assertThat(decoder.finished()).isFalse();
    assertThat(events).noneMatch(e -> e instanceof Event.Finish);
    assertThat(events).endsWith(new Event.BlockStop(0));
  }

  @Test
  void nothingAfterDone() {
    ChatStreamDecoder decoder = new ChatStreamDecoder();
    List<Event> events = new ArrayList<>();
    decoder.decode(new SseEvent(null, "[DONE]"), events::add);
    decoder.decode(new SseEvent(null, "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"late\"}}]}"), events::add);

    assertThat(decoder.finished()).isTrue();
    assertThat(events).extracting(e -> e.getClass().getSimpleName()).containsExactly("Start", "Finish");
  }
}

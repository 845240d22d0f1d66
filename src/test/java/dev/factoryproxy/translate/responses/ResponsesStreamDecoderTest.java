package dev.factoryproxy.translate.responses;

import static dev.factoryproxy.translate.responses.Fixtures.decode;
import static dev.factoryproxy.translate.responses.Fixtures.sse;
import static dev.factoryproxy.translate.responses.Fixtures.upstreamCtx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.translate.StreamDecoder;
import dev.factoryproxy.translate.model.BlockKind;
import dev.factoryproxy.translate.model.Event;
import dev.factoryproxy.translate.model.Event.DeltaKind;
import dev.factoryproxy.translate.model.StopReason;
import dev.factoryproxy.translate.model.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponsesStreamDecoderTest {

  private static final String CREATED = "{'type':'response.created','sequence_number':0,'response':"
      + "{'id':'resp_1','object':'response','status':'in_progress','model':'gpt-5','output':[]}}";
  private static final String USAGE = "'usage':{'input_tokens':30,'input_tokens_details':{'cached_tokens':10},"
      + "'output_tokens':7,'output_tokens_details':{'reasoning_tokens':3},'total_tokens':37}";

  private final StreamDecoder decoder = ResponsesFormat.create().decoder(upstreamCtx());

  @Test
  void text() {
    List<Event> events = decode(decoder, sse(CREATED,
        "{'type':'response.in_progress','sequence_number':1,'response':{'id':'resp_1'}}",
        "{'type':'response.output_item.added','output_index':0,'item':{'id':'msg_1','type':'message','status':'in_progress','role':'assistant','content':[]}}",
        "{'type':'response.content_part.added','item_id':'msg_1','output_index':0,'content_index':0,'part':{'type':'output_text','text':'','annotations':[]}}",
        "{'type':'response.output_text.delta','item_id':'msg_1','output_index':0,'content_index':0,'delta':'Hel'}",
        "{'type':'response.output_text.delta','item_id':'msg_1','output_index':0,'content_index':0,'delta':'lo'}",
        "{'type':'response.output_text.done','item_id':'msg_1','output_index':0,'content_index':0,'text':'Hello'}",
        "{'type':'response.output_item.done','output_index':0,'item':{'id':'msg_1','type':'message','status':'completed','role':'assistant','content':[{'type':'output_text','text':'Hello','annotations':[]}]}}",
        "{'type':'response.completed','response':{'id':'resp_1','status':'completed'," + USAGE + "}}"));
    assertThat(events).containsExactly(
        new Event.Start("resp_1", "gpt-5", Usage.NONE),
        new Event.BlockStart(0, BlockKind.TEXT, null, null),
        new Event.Delta(0, DeltaKind.TEXT, "Hel"),
        new Event.Delta(0, DeltaKind.TEXT, "lo"),
        new Event.BlockStop(0),
        new Event.Finish(StopReason.END_TURN, null, new Usage(20L, 7L, 10L, null, 3L)));
    assertThat(decoder.finished()).isTrue();
  }

  @Test
  void reasoningSummaryThenSeveralFunctionCalls() {
    List<Event> events = decode(decoder, sse(CREATED,
        "{'type':'response.output_item.added','output_index':0,'item':{'id':'rs_1','type':'reasoning','summary':[]}}",
        "{'type':'response.reasoning_summary_part.added','item_id':'rs_1','output_index':0,'summary_index':0,'part':{'type':'summary_text','text':''}}",
        "{'type':'response.reasoning_summary_text.delta','item_id':'rs_1','output_index':0,'summary_index':0,'delta':'First.'}",
        "{'type':'response.reasoning_summary_part.added','item_id':'rs_1','output_index':0,'summary_index':1,'part':{'type':'summary_text','text':''}}",
        "{'type':'response.reasoning_summary_text.delta','item_id':'rs_1','output_index':0,'summary_index':1,'delta':'Second.'}",
        "{'type':'response.output_item.done','output_index':0,'item':{'id':'rs_1','type':'reasoning','summary':[{'type':'summary_text','text':'First.'},{'type':'summary_text','text':'Second.'}],'encrypted_content':'gAAAenc'}}",
        "{'type':'response.output_item.added','output_index':1,'item':{'id':'fc_1','type':'function_call','status':'in_progress','call_id':'call_a','name':'weather','arguments':''}}",
        "{'type':'response.function_call_arguments.delta','item_id':'fc_1','output_index':1,'delta':'{\\'ci'}",
        "{'type':'response.function_call_arguments.delta','item_id':'fc_1','output_index':1,'delta':'ty\\':'}",
        "{'type':'response.function_call_arguments.delta','item_id':'fc_1','output_index':1,'delta':'\\'Paris\\'}'}",
        "{'type':'response.function_call_arguments.done','item_id':'fc_1','output_index':1,'arguments':'{}'}",
        "{'type':'response.output_item.done','output_index':1,'item':{'id':'fc_1','type':'function_call','status':'completed','call_id':'call_a','name':'weather','arguments':'{}'}}",
        "{'type':'response.output_item.added','output_index':2,'item':{'id':'fc_2','type':'function_call','status':'in_progress','call_id':'call_b','name':'time','arguments':''}}",
        "{'type':'response.function_call_arguments.delta','item_id':'fc_2','output_index':2,'delta':'{}'}",
        "{'type':'response.output_item.done','output_index':2,'item':{'id':'fc_2','type':'function_call','status':'completed','call_id':'call_b','name':'time','arguments':'{}'}}",
        "{'type':'response.completed','response':{'id':'resp_1','status':'completed'," + USAGE + "}}"));
    assertThat(events).containsExactly(
        new Event.Start("resp_1", "gpt-5", Usage.NONE),
        new Event.BlockStart(0, BlockKind.THINKING, null, null),
        new Event.Delta(0, DeltaKind.THINKING, "First."),
        new Event.Delta(0, DeltaKind.THINKING, "\n\n"),
        new Event.Delta(0, DeltaKind.THINKING, "Second."),
        new Event.Delta(0, DeltaKind.SIGNATURE, "openai:gAAAenc"),
        new Event.BlockStop(0),
        new Event.BlockStart(1, BlockKind.TOOL_CALL, "call_a", "weather"),
        new Event.Delta(1, DeltaKind.ARGUMENTS, "{\"ci"),
        new Event.Delta(1, DeltaKind.ARGUMENTS, "ty\":"),
        new Event.Delta(1, DeltaKind.ARGUMENTS, "\"Paris\"}"),
        new Event.BlockStop(1),
        new Event.BlockStart(2, BlockKind.TOOL_CALL, "call_b", "time"),
        new Event.Delta(2, DeltaKind.ARGUMENTS, "{}"),
        new Event.BlockStop(2),
        new Event.Finish(StopReason.TOOL_USE, null, new Usage(20L, 7L, 10L, null, 3L)));
  }

  @Test
  void incompleteIsMaxTokens() {
    List<Event> events = decode(decoder, sse(CREATED,
        "{'type':'response.output_text.delta','item_id':'msg_1','output_index':0,'content_index':0,'delta':'cut'}",
        "{'type':'response.incomplete','response':{'id':'resp_1','status':'incomplete','incomplete_details':{'reason':'max_output_tokens'}," + USAGE + "}}"));
    assertThat(events).endsWith(new Event.BlockStop(0),
        new Event.Finish(StopReason.MAX_TOKENS, null, new Usage(20L, 7L, 10L, null, 3L)));
    assertThat(decoder.finished()).isTrue();
  }

  @Test
  void failedAndErrorEvents() {
    List<Event> failed = decode(decoder, sse(CREATED,
        "{'type':'response.failed','response':{'id':'resp_1','status':'failed','error':{'code':'server_error','message':'The model failed.'}}}"));
    assertThat(failed).endsWith(new Event.Failure("server_error", "The model failed."));
    assertThat(decoder.finished()).isTrue();

    StreamDecoder other = ResponsesFormat.create().decoder(upstreamCtx());
    List<Event> error = decode(other, sse(
        "{'type':'error','code':'rate_limit_exceeded','message':'Slow down.','param':null,'sequence_number':1}"));
    assertThat(error).containsExactly(new Event.Failure("rate_limit_exceeded", "Slow down."));
    assertThat(other.finished()).isTrue();
  }

  @Test
  void aCutStreamIsNotFinished() {
    List<Event> events = decode(decoder, sse(CREATED,
        "{'type':'response.output_text.delta','item_id':'msg_1','output_index':0,'content_index':0,'delta':'par'}"));
    assertThat(decoder.finished()).isFalse();
    assertThat(events).noneMatch(e -> e instanceof Event.Finish);
  }
}

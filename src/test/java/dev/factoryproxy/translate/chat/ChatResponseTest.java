package dev.factoryproxy.translate.chat;

import static dev.factoryproxy.translate.chat.ChatFixtures.clientContext;
import static dev.factoryproxy.translate.chat.ChatFixtures.json;
import static dev.factoryproxy.translate.chat.ChatFixtures.upstreamContext;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factoryproxy.translate.WireApi;
import dev.factoryproxy.translate.model.BlockKind;
import dev.factoryproxy.translate.model.CompleteMessage;
import dev.factoryproxy.translate.model.CompleteMessage.Block;
import dev.factoryproxy.translate.model.StopReason;
import dev.factoryproxy.translate.model.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Whole answers: a chat.completion read from upstream, and written for the client. */
class ChatResponseTest {

  private final ChatFormat chat = ChatFormat.create();

  @Test
  void readsReasoningTextAndToolCallsInOrder() {
    CompleteMessage m = chat.readResponse(json("{'id':'chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG','object':'chat.completion',"
        + "'created':1741570283,'model':'glm-4.6','choices':[{'index':0,'message':{'role':'assistant',"
        + "'content':'Checking.','reasoning_content':'User wants weather.','tool_calls':[{'id':'call_1',"
        + "'type':'function','function':{'name':'get_weather','arguments':'{\\'city\\':\\'Oslo\\'}'}}]},"
        + "'logprobs':null,'finish_reason':'tool_calls'}],'usage':{'prompt_tokens':1117,'completion_tokens':46,"
        + "'total_tokens':1163,'prompt_tokens_details':{'cached_tokens':1024,'audio_tokens':0},"
        + "'completion_tokens_details':{'reasoning_tokens':12,'audio_tokens':0}}}"), upstreamContext());

    assertThat(m.id()).isEqualTo("chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG");
    assertThat(m.model()).isEqualTo("glm-4.6");
    assertThat(m.blocks()).containsExactly(Block.thinking("User wants weather.", null), Block.text("Checking."),
        Block.toolCall("call_1", "get_weather", "{\"city\":\"Oslo\"}"));
    assertThat(m.stopReason()).isEqualTo(StopReason.TOOL_USE);
    assertThat(m.usage()).isEqualTo(new Usage(93L, 46L, 1024L, null, 12L));
    assertThat(m.usage().totalInput()).isEqualTo(1117L);
  }

  @Test
  void vllmReasoningFieldAndMissingUsage() {
    CompleteMessage m = chat.readResponse(json("{'id':'x','model':'m','choices':[{'index':0,'message':"
        + "{'role':'assistant','content':'4','reasoning':'2+2'},'finish_reason':'stop'}],"
        + "'usage':{'prompt_tokens':10,'completion_tokens':3}}"), upstreamContext());

    assertThat(m.blocks()).containsExactly(Block.thinking("2+2", null), Block.text("4"));
    assertThat(m.usage()).isEqualTo(new Usage(10L, 3L, null, null, null));
    assertThat(chat.readResponse(json("{'choices':[]}"), upstreamContext()).usage()).isEqualTo(Usage.NONE);
  }

  @ParameterizedTest
  @CsvSource({"stop,END_TURN", "length,MAX_TOKENS", "tool_calls,TOOL_USE", "function_call,TOOL_USE",
      "content_filter,REFUSAL"})
  void finishReasonsRead(String finish, StopReason reason) {
    CompleteMessage m = chat.readResponse(json("{'id':'x','model':'m','choices':[{'index':0,'message':"
        + "{'role':'assistant','content':'a'},'finish_reason':'" + finish + "'}]}"), upstreamContext());

    assertThat(m.stopReason()).isEqualTo(reason);
  }

  @Test
  void aRefusalIsTextAndARefusalStop() {
    CompleteMessage m = chat.readResponse(json("{'id':'x','model':'m','choices':[{'index':0,'message':"
        + "{'role':'assistant','content':null,'refusal':'I cannot assist with that.'},'finish_reason':'stop'}]}"),
        upstreamContext());

    assertThat(m.blocks()).containsExactly(Block.text("I cannot assist with that."));
    assertThat(m.stopReason()).isEqualTo(StopReason.REFUSAL);
  }

  @Test
  void writesAChatCompletionWithSignedReasoningDetails() {
    CompleteMessage answer = new CompleteMessage("msg_01XFDUDYJgAACzvnptvVoYEL", "claude-sonnet-4-5",
        List.of(Block.thinking("Think.", "EqQBCgIYAhIM"), new Block(BlockKind.REDACTED_THINKING, "EmwKAhgB", null, null, null),
            Block.text("Hello"), Block.text(" world"), Block.toolCall("toolu_1", "get_weather", "{\"city\":\"Oslo\"}")),
        StopReason.TOOL_USE, null, new Usage(20L, 50L, 1000L, 300L, null));

    JsonNode body = chat.writeResponse(answer, clientContext(WireApi.MESSAGES));

    assertThat(ChatFixtures.reparsed(body)).isEqualTo(json("{'id':'chatcmpl-01XFDUDYJgAACzvnptvVoYEL','object':'chat.completion',"
        + "'created':" + ChatFixtures.CREATED + ",'model':'glm-4.6','choices':[{'index':0,'message':{'role':'assistant',"
        + "'content':'Hello world','reasoning_content':'Think.','reasoning_details':["
        + "{'type':'reasoning.text','text':'Think.','signature':'EqQBCgIYAhIM','format':'anthropic-claude-v1','index':0},"
        + "{'type':'reasoning.encrypted','data':'EmwKAhgB','format':'anthropic-claude-v1','index':1}],"
        + "'tool_calls':[{'id':'toolu_1','type':'function','function':{'name':'get_weather',"
        + "'arguments':'{\\'city\\':\\'Oslo\\'}'}}],'refusal':null},'logprobs':null,'finish_reason':'tool_calls'}],"
        + "'usage':{'prompt_tokens':1320,'completion_tokens':50,'total_tokens':1370,"
        + "'prompt_tokens_details':{'cached_tokens':1000}}}"));
  }

  @Test
  void noTextIsNullContentAndUnsignedThinkingHasNoDetails() {
    CompleteMessage answer = new CompleteMessage("resp_abc", "gpt-5", List.of(Block.thinking("hmm", null)),
        StopReason.MAX_TOKENS, null, new Usage(5L, 7L, null, null, 7L));

    JsonNode message = chat.writeResponse(answer, clientContext(WireApi.RESPONSES)).get("choices").get(0);

    assertThat(message.get("message")).isEqualTo(json("{'role':'assistant','content':null,'reasoning_content':'hmm',"
        + "'refusal':null}"));
    assertThat(message.get("finish_reason").asText()).isEqualTo("length");
    assertThat(chat.writeResponse(answer, clientContext(WireApi.RESPONSES)).get("id").asText()).isEqualTo("chatcmpl-abc");
    assertThat(ChatFixtures.reparsed(chat.writeResponse(answer, clientContext(WireApi.RESPONSES)).get("usage"))).isEqualTo(
        json("{'prompt_tokens':5,'completion_tokens':7,'total_tokens':12,'completion_tokens_details':{'reasoning_tokens':7}}"));
  }

  @ParameterizedTest
  @CsvSource({"END_TURN,stop", "STOP_SEQUENCE,stop", "PAUSE_TURN,stop", "MAX_TOKENS,length", "TOOL_USE,tool_calls",
      "REFUSAL,content_filter"})
  void stopReasonsWritten(StopReason reason, String finish) {
    CompleteMessage answer = new CompleteMessage("chatcmpl-1", "m", List.of(Block.text("a")), reason, null, Usage.NONE);

    assertThat(chat.writeResponse(answer, clientContext(WireApi.MESSAGES)).get("choices").get(0)
        .get("finish_reason").asText()).isEqualTo(finish);
  }

  @Test
  void openAiSignaturesKeepTheirPrefixAndNameTheirFormat() {
    CompleteMessage answer = new CompleteMessage("resp_1", "gpt-5", List.of(Block.thinking("s", "openai:gAAAA")),
        StopReason.END_TURN, null, Usage.NONE);

    JsonNode detail = chat.writeResponse(answer, clientContext(WireApi.RESPONSES)).get("choices").get(0)
        .get("message").get("reasoning_details").get(0);

    assertThat(detail.get("signature").asText()).isEqualTo("openai:gAAAA");
    assertThat(detail.get("format").asText()).isEqualTo("openai-responses-v1");
  }

  @Test
  void readsErrors() {
    assertThat(chat.readError(json("{'error':{'message':'Rate limit reached','type':'requests','code':'rate_limit_exceeded'}}")))
        .isEqualTo(new dev.factoryproxy.translate.UpstreamError("requests", "rate_limit_exceeded", "Rate limit reached"));
    assertThat(chat.readError(json("{'error':{'message':'bad','type':'invalid_request_error','code':null,'param':'n'}}")))
        .isEqualTo(new dev.factoryproxy.translate.UpstreamError("invalid_request_error", null, "bad"));
    assertThat(chat.readError(json("{'detail':'Model not found'}")))
        .isEqualTo(new dev.factoryproxy.translate.UpstreamError(null, null, "Model not found"));
    assertThat(chat.readError(json("{'id':'chatcmpl-1','choices':[]}"))).isNull();
    assertThat(chat.readError(json("[1]"))).isNull();
  }
}

package dev.factoryproxy.translate.responses;

import static dev.factoryproxy.translate.responses.Fixtures.clientCtx;
import static dev.factoryproxy.translate.responses.Fixtures.json;
import static dev.factoryproxy.translate.responses.Fixtures.upstreamCtx;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.core.ObjectMappers;
import com.openai.models.responses.Response;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.TranslationContext;
import dev.factoryproxy.translate.model.CompleteMessage;
import dev.factoryproxy.translate.model.CompleteMessage.Block;
import dev.factoryproxy.translate.model.StopReason;
import dev.factoryproxy.translate.model.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponsesResponseTest {

  private final ResponsesFormat format = ResponsesFormat.create();

  @Test
  void readsAnUpstreamResponse() {
    CompleteMessage message = format.readResponse(json("""
        {'id':'resp_67ccd2bed1ec8190','object':'response','created_at':1741476542,'status':'completed',
         'model':'gpt-5-2025-08-07','output':[
           {'type':'reasoning','id':'rs_1','summary':[{'type':'summary_text','text':'Plan.'}],'encrypted_content':'gAAA'},
           {'type':'web_search_call','id':'ws_1','status':'completed'},
           {'type':'message','id':'msg_1','status':'completed','role':'assistant',
            'content':[{'type':'output_text','text':'Calling.','annotations':[]}]},
           {'type':'function_call','id':'fc_1','call_id':'call_9','name':'get_weather','arguments':'{}','status':'completed'}],
         'usage':{'input_tokens':100,'input_tokens_details':{'cached_tokens':60},'output_tokens':50,
                  'output_tokens_details':{'reasoning_tokens':20},'total_tokens':150}}"""), upstreamCtx());
    assertThat(message.id()).isEqualTo("resp_67ccd2bed1ec8190");
    assertThat(message.blocks()).containsExactly(Block.thinking("Plan.", "openai:gAAA"), Block.text("Calling."),
        Block.toolCall("call_9", "get_weather", "{}"));
    assertThat(message.stopReason()).isEqualTo(StopReason.TOOL_USE);
    assertThat(message.usage()).isEqualTo(new Usage(40L, 50L, 60L, null, 20L));
  }

  @Test
  void incompleteAndRefusal() {
    assertThat(format.readResponse(json("""
        {'id':'resp_1','status':'incomplete','incomplete_details':{'reason':'max_output_tokens'},'output':[]}"""),
        upstreamCtx()).stopReason()).isEqualTo(StopReason.MAX_TOKENS);
    assertThat(format.readResponse(json("""
        {'id':'resp_1','status':'incomplete','incomplete_details':{'reason':'content_filter'},'output':[]}"""),
        upstreamCtx()).stopReason()).isEqualTo(StopReason.REFUSAL);
    CompleteMessage refusal = format.readResponse(json("""
        {'id':'resp_1','status':'completed','output':[{'type':'message','role':'assistant',
          'content':[{'type':'refusal','refusal':'I cannot help.'}]}]}"""), upstreamCtx());
    assertThat(refusal.blocks()).containsExactly(Block.text("I cannot help."));
    assertThat(refusal.stopReason()).isEqualTo(StopReason.REFUSAL);
  }

  @Test
  void writesAResponseTheOpenAiSdkAccepts() throws Exception {
    TranslationContext ctx = clientCtx();
    format.readRequest(json("""
        {'model':'m','input':'x','tools':[{'type':'custom','name':'apply_patch','format':{'type':'text'}},
          {'type':'namespace','name':'mcp__fs','description':'d','tools':[{'type':'function','name':'read','parameters':{}}]}]}"""),
        ctx);
    CompleteMessage message = new CompleteMessage("msg_01ABC", "claude-sonnet-4-5", List.of(
        Block.thinking("Thinking.", "EqQBsig"),
        Block.text("Here."),
        Block.toolCall("toolu_1", "apply_patch", "{\"input\":\"*** Begin Patch\\n*** End Patch\"}"),
        Block.toolCall("toolu_2", "mcp__fs__read", "{\"path\":\"a\"}"),
        Block.toolCall("toolu_3", "plain", "{}")),
        StopReason.TOOL_USE, null, new Usage(10L, 5L, 90L, 0L, null));
    ObjectNode body = format.writeResponse(message, ctx);

    assertThat(body.path("id").asText()).isEqualTo("resp_01ABC");
    assertThat(body.path("status").asText()).isEqualTo("completed");
    assertThat(body.path("model").asText()).isEqualTo("claude-sonnet-4-5");
    assertThat(body.path("created_at").asLong()).isEqualTo(1_700_000_000L);
    assertThat(body.path("output").get(0)).isEqualTo(json("""
        {'id':'rs_01ABC_0','type':'reasoning','summary':[{'type':'summary_text','text':'Thinking.'}],
         'encrypted_content':'EqQBsig'}"""));
    assertThat(body.path("output").get(1)).isEqualTo(json("""
        {'id':'msg_01ABC_1','type':'message','status':'completed','role':'assistant',
         'content':[{'type':'output_text','text':'Here.','annotations':[]}]}"""));
    assertThat(body.path("output").get(2)).isEqualTo(json("""
        {'id':'ctc_01ABC_2','type':'custom_tool_call','status':'completed','call_id':'toolu_1','name':'apply_patch',
         'input':'*** Begin Patch\\n*** End Patch'}"""));
    assertThat(body.path("output").get(3)).isEqualTo(json("""
        {'id':'fc_01ABC_3','type':'function_call','status':'completed','call_id':'toolu_2','name':'read',
         'arguments':'{\\'path\\':\\'a\\'}','namespace':'mcp__fs'}""".replace("\\'", "\\\"")));
    assertThat(body.path("output").get(4).path("name").asText()).isEqualTo("plain");
    // Long and int nodes differ for equals(); the text is what the client sees.
    assertThat(body.path("usage").toString()).isEqualTo(json("""
        {'input_tokens':100,'input_tokens_details':{'cached_tokens':90},'output_tokens':5,
         'output_tokens_details':{'reasoning_tokens':0},'total_tokens':105}""").toString());

    Response parsed = ObjectMappers.jsonMapper().readValue(JsonTrees.write(body), Response.class);
    parsed.validate();
    assertThat(parsed.output()).hasSize(5);
    assertThat(parsed.output().get(2).asCustomToolCall().input()).isEqualTo("*** Begin Patch\n*** End Patch");
    assertThat(parsed.output().get(3).asFunctionCall().namespace()).contains("mcp__fs");
  }

  @Test
  void maxTokensIsIncomplete() {
    ObjectNode body = format.writeResponse(new CompleteMessage("chatcmpl-xyz", "m", List.of(Block.text("cut")),
        StopReason.MAX_TOKENS, null, Usage.NONE), clientCtx());
    assertThat(body.path("id").asText()).isEqualTo("resp_xyz");
    assertThat(body.path("status").asText()).isEqualTo("incomplete");
    assertThat(body.path("incomplete_details")).isEqualTo(json("{'reason':'max_output_tokens'}"));
    assertThat(body.path("usage").isNull()).isTrue();
  }
}

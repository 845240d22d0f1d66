package dev.factoryproxy.translate.responses;

import static dev.factoryproxy.translate.responses.Fixtures.clientCtx;
import static dev.factoryproxy.translate.responses.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.TranslationContext;
import dev.factoryproxy.translate.TranslationContext.ToolOrigin;
import dev.factoryproxy.translate.TranslationException;
import dev.factoryproxy.translate.model.Content;
import dev.factoryproxy.translate.model.Conversation;
import dev.factoryproxy.translate.model.Reasoning;
import dev.factoryproxy.translate.model.Role;
import dev.factoryproxy.translate.model.ToolChoice;
import dev.factoryproxy.translate.model.ToolSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponsesRequestReaderTest {

  private final ResponsesFormat format = ResponsesFormat.create();

  /** Shaped like what Codex CLI sends (codex-rs ResponsesApiRequest). */
  private static final String CODEX_REQUEST = """
      {'model':'claude-sonnet-4-5','instructions':'You are Codex.',
       'input':[
         {'type':'message','role':'developer','content':[{'type':'input_text','text':'<permissions/>'}]},
         {'type':'message','role':'user','content':[{'type':'input_text','text':'fix the bug'},
            {'type':'input_image','image_url':'data:image/png;base64,iVBORw0KGgo=','detail':'high'}]},
         {'type':'reasoning','summary':[{'type':'summary_text','text':'Look.'},{'type':'summary_text','text':'Then fix.'}],
          'encrypted_content':'EqQBCkYIBx'},
         {'type':'message','role':'assistant','content':[{'type':'output_text','text':'Reading.'}]},
         {'type':'function_call','call_id':'call_1','name':'shell','arguments':'{\\'command\\':[\\'ls\\']}'},
         {'type':'custom_tool_call','call_id':'call_2','name':'apply_patch','input':'*** Begin Patch\\n*** End Patch'},
         {'type':'function_call_output','call_id':'call_1','output':'a.txt'},
         {'type':'custom_tool_call_output','call_id':'call_2','output':'Done!'},
         {'type':'web_search_call','id':'ws_1','status':'completed','action':{'type':'search','query':'x'}},
         {'role':'user','content':'thanks'}],
       'tools':[
         {'type':'function','name':'shell','description':'Runs a command','strict':false,
          'parameters':{'type':'object','properties':{'command':{'type':'array','items':{'type':'string'}}}}},
         {'type':'custom','name':'apply_patch','description':'Edit files.',
          'format':{'type':'grammar','syntax':'lark','definition':'start: begin_patch'}},
         {'type':'namespace','name':'mcp__github','description':'GitHub tools',
          'tools':[{'type':'function','name':'create_issue','description':'Creates','strict':false,
                    'parameters':{'type':'object','properties':{}}}]},
         {'type':'web_search','external_web_access':true}],
       'tool_choice':'auto','parallel_tool_calls':true,
       'reasoning':{'effort':'high','summary':'auto'},
       'store':false,'stream':true,'include':['reasoning.encrypted_content'],
       'prompt_cache_key':'thread-1','text':{'verbosity':'low'},
       'client_metadata':{'x-codex-installation-id':'abc'}}""";

  @Test
  void readsWhatCodexSends() {
    TranslationContext ctx = clientCtx();
    Conversation c = format.readRequest(json(CODEX_REQUEST), ctx);

    assertThat(c.system()).containsExactly(new Content.Text("You are Codex."), new Content.Text("<permissions/>"));
    assertThat(c.turns()).extracting(t -> t.role()).containsExactly(Role.USER, Role.ASSISTANT, Role.USER);
    assertThat(c.turns().get(0).parts()).containsExactly(new Content.Text("fix the bug"),
        new Content.Image("image/png", "iVBORw0KGgo=", null, "high", null));
    assertThat(c.turns().get(1).parts()).containsExactly(
        new Content.Thinking("Look.\n\nThen fix.", "EqQBCkYIBx"),
        new Content.Text("Reading."),
        new Content.ToolCall("call_1", "shell", "{'command':['ls']}".replace('\'', '"')),
        new Content.ToolCall("call_2", "apply_patch", "{\"input\":\"*** Begin Patch\\n*** End Patch\"}"));
    assertThat(c.turns().get(2).parts()).containsExactly(
        new Content.ToolResult("call_1", List.of(new Content.Text("a.txt")), false, null),
        new Content.ToolResult("call_2", List.of(new Content.Text("Done!")), false, null),
        new Content.Text("thanks"));

    assertThat(c.toolChoice()).isEqualTo(ToolChoice.AUTO);
    assertThat(c.parallelToolCalls()).isTrue();
    assertThat(c.reasoning()).isEqualTo(Reasoning.effort("high"));
    assertThat(c.stream()).isTrue();
    assertThat(c.hints()).containsOnlyKeys("prompt_cache_key", "store", "include", "client_metadata",
        "verbosity", "reasoning_summary");
    assertThat(c.hints().get("verbosity").asText()).isEqualTo("low");
  }

  @Test
  void customToolsBecomeOneStringFunctions() {
    TranslationContext ctx = clientCtx();
    Conversation c = format.readRequest(json(CODEX_REQUEST), ctx);
    ToolSpec patch = c.tools().get(1);
    assertThat(patch.kind()).isEqualTo(ToolSpec.Kind.FUNCTION);
    assertThat(patch.name()).isEqualTo("apply_patch");
    assertThat(patch.parameters().path("required").get(0).asText()).isEqualTo("input");
    assertThat(patch.parameters().path("properties").path("input").path("type").asText()).isEqualTo("string");
    assertThat(patch.parameters().path("properties").path("input").path("description").asText())
        .contains("lark").contains("start: begin_patch");
    assertThat(ctx.toolOrigin("apply_patch")).isEqualTo(new ToolOrigin(ToolOrigin.Kind.CUSTOM, null, "apply_patch"));
  }

  @Test
  void namespacesAreFlattened() {
    TranslationContext ctx = clientCtx();
    Conversation c = format.readRequest(json(CODEX_REQUEST), ctx);
    ToolSpec issue = c.tools().get(2);
    assertThat(issue.name()).isEqualTo("mcp__github__create_issue");
    assertThat(ctx.toolOrigin("mcp__github__create_issue"))
        .isEqualTo(new ToolOrigin(ToolOrigin.Kind.NAMESPACED, "mcp__github", "create_issue"));
    assertThat(c.tools().get(3).kind()).isEqualTo(ToolSpec.Kind.WEB_SEARCH);
    assertThat(c.tools().get(3).raw().path("external_web_access").asBoolean()).isTrue();
    assertThat(ctx.toolOrigin("shell").kind()).isEqualTo(ToolOrigin.Kind.FUNCTION);
  }

  /**
   * Found by hand with Codex CLI 0.171 against claude-sonnet-4-5 and glm-4.7: the proxy answered
   * the model's call of {@code multi_agent_v1__wait_agent} with a {@code function_call} named
   * {@code wait_agent} in {@code namespace multi_agent_v1}, as Codex reads it; Codex sends that
   * item back in the next request's history just so (captured from Codex itself). The history
   * must name the call as the tool was offered upstream, {@code multi_agent_v1__wait_agent}:
   * the next request otherwise showed the model a {@code tool_use} of a tool named
   * {@code wait_agent} that its tool list does not have.
   */
  @Test
  void namespacedCallsInTheHistoryGoUpstreamUnderTheFlatNameTheToolWasOfferedUnder() {
    Conversation c = format.readRequest(json("""
        {'model':'claude-sonnet-4-5-20250929',
         'input':[
           {'type':'message','role':'user','content':[{'type':'input_text','text':'wait for the agent'}]},
           {'type':'function_call','status':'completed','id':'fc_1','name':'wait_agent',
            'namespace':'multi_agent_v1','arguments':'{}','call_id':'call_1'},
           {'type':'custom_tool_call','status':'completed','id':'ctc_1','name':'edit',
            'namespace':'mcp__files','input':'raw','call_id':'call_2'},
           {'type':'function_call_output','call_id':'call_1','output':'no agent'},
           {'type':'custom_tool_call_output','call_id':'call_2','output':'edited'}],
         'tools':[
           {'type':'namespace','name':'multi_agent_v1','description':'Agents',
            'tools':[{'type':'function','name':'wait_agent','description':'Waits',
                      'parameters':{'type':'object','properties':{}}}]},
           {'type':'namespace','name':'mcp__files','description':'Files',
            'tools':[{'type':'custom','name':'edit','description':'Edits'}]}]}"""), clientCtx());

    assertThat(c.tools()).extracting(ToolSpec::name)
        .containsExactly("multi_agent_v1__wait_agent", "mcp__files__edit");
    assertThat(c.turns().get(1).parts()).containsExactly(
        new Content.ToolCall("call_1", "multi_agent_v1__wait_agent", "{}"),
        new Content.ToolCall("call_2", "mcp__files__edit", "{\"input\":\"raw\"}"));
  }

  @Test
  void longFlatNamesStayWithin64AllowedCharacters() {
    String ns = "mcp__" + "a".repeat(50);
    String one = FlatToolNames.flatten(ns, "tool.one" + "x".repeat(20));
    String two = FlatToolNames.flatten(ns, "tool.one" + "x".repeat(21));
    assertThat(one).hasSizeLessThanOrEqualTo(64).matches("[a-zA-Z0-9_-]+").isNotEqualTo(two);
    assertThat(FlatToolNames.flatten("ns_", "_name")).isEqualTo("ns__name");
  }

  @Test
  void stringInputIsOneUserTurn() {
    Conversation c = format.readRequest(json("{'model':'m','input':'Hello!','user':'u1','max_output_tokens':100,"
        + "'temperature':0.5,'top_p':0.9,'reasoning':{'effort':'none'},"
        + "'text':{'format':{'type':'json_schema','name':'out','schema':{'type':'object'},'strict':true}}}"), clientCtx());
    assertThat(c.turns()).hasSize(1);
    assertThat(c.turns().get(0).parts()).containsExactly(new Content.Text("Hello!"));
    assertThat(c.user()).isEqualTo("u1");
    assertThat(c.maxTokens()).isEqualTo(100);
    assertThat(c.temperature()).isEqualTo(0.5);
    assertThat(c.topP()).isEqualTo(0.9);
    assertThat(c.reasoning()).isEqualTo(Reasoning.DISABLED);
    assertThat(c.responseFormat().type()).isEqualTo("json_schema");
    assertThat(c.responseFormat().name()).isEqualTo("out");
    assertThat(c.responseFormat().strict()).isTrue();
    assertThat(c.stream()).isFalse();
  }

  @Test
  void safetyIdentifierIsTheUserWhenUserIsAbsent() {
    Conversation c = format.readRequest(json("{'model':'m','input':'x','safety_identifier':'sid'}"), clientCtx());
    assertThat(c.user()).isEqualTo("sid");
    assertThat(c.hints()).containsKey("safety_identifier");
  }

  @Test
  void namedToolChoices() {
    assertThat(read("{'model':'m','input':'x','tool_choice':{'type':'function','name':'f'}}").toolChoice())
        .isEqualTo(ToolChoice.tool("f"));
    assertThat(read("{'model':'m','input':'x','tool_choice':{'type':'custom','name':'apply_patch'}}").toolChoice())
        .isEqualTo(ToolChoice.tool("apply_patch"));
    assertThat(read("{'model':'m','input':'x','tool_choice':'required'}").toolChoice()).isEqualTo(ToolChoice.REQUIRED);
  }

  @Test
  void refusesServerState() {
    assertRefused("{'model':'m','input':'x','previous_response_id':'resp_1'}", "previous_response_id",
        "the proxy keeps no conversation state");
    assertRefused("{'model':'m','input':[{'type':'item_reference','id':'msg_1'}]}", "input[0].type",
        "keeps no conversation state");
    assertRefused("{'model':'m','input':'x','background':true}", "background", "background");
  }

  @Test
  void refusesWhatOnlyOpenAiHas() {
    assertRefused("{'model':'m','input':'x','tools':[{'type':'file_search','vector_store_ids':['v']}]}",
        "tools[0].type", "file_search (the hosted file search) cannot be translated to Anthropic Messages");
    assertRefused("{'model':'m','input':'x','tools':[{'type':'local_shell'}]}", "tools[0].type", "local_shell");
    assertRefused("{'model':'m','input':'x','tools':[{'type':'code_interpreter','container':{'type':'auto'}}]}",
        "tools[0].type", "code interpreter");
    assertRefused("{'model':'m','input':[{'role':'user','content':[{'type':'input_file','file_id':'f'}]}]}",
        "input[0].content[0].type", "input_file");
    assertRefused("{'model':'m','input':[{'role':'user','content':[{'type':'input_image','file_id':'f'}]}]}",
        "input[0].content[0].file_id", "file_id");
    assertRefused("{'model':'m','input':'x','tool_choice':{'type':'allowed_tools','mode':'auto','tools':[]}}",
        "tool_choice.type", "allowed_tools");
    assertRefused("{'model':'m','input':'x','tool_choice':{'type':'web_search_preview'}}",
        "tool_choice.type", "web_search_preview");
  }

  private Conversation read(String body) {
    return format.readRequest(json(body), clientCtx());
  }

  private void assertRefused(String body, String field, String words) {
    assertThatThrownBy(() -> read(body))
        .isInstanceOfSatisfying(TranslationException.class, e -> assertThat(e.field()).isEqualTo(field))
        .hasMessageContaining(words);
  }

  @Test
  void fixturesAreValidJson() {
    assertThat(JsonTrees.write(json(CODEX_REQUEST))).contains("apply_patch");
  }
}

package dev.factoryproxy.translate.chat;

import static dev.factoryproxy.translate.chat.ChatFixtures.clientContext;
import static dev.factoryproxy.translate.chat.ChatFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.factoryproxy.translate.TranslationContext;
import dev.factoryproxy.translate.TranslationException;
import dev.factoryproxy.translate.WireApi;
import dev.factoryproxy.translate.model.Content;
import dev.factoryproxy.translate.model.Conversation;
import dev.factoryproxy.translate.model.Reasoning;
import dev.factoryproxy.translate.model.ResponseFormat;
import dev.factoryproxy.translate.model.Role;
import dev.factoryproxy.translate.model.ToolChoice;
import dev.factoryproxy.translate.model.ToolSpec;
import dev.factoryproxy.translate.model.Turn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChatRequestReaderTest {

  private final ChatFormat chat = ChatFormat.create();
  private final TranslationContext ctx = clientContext(WireApi.MESSAGES);

  private Conversation read(String body) {
    return chat.readRequest(json(body), ctx);
  }

  @Test
  void systemAndDeveloperMessagesBecomeTheSystemPrompt() {
    Conversation c = read("{'model':'glm','messages':[{'role':'system','content':'Be brief.'},"
        + "{'role':'developer','content':[{'type':'text','text':'Use metric units.'}]},"
        + "{'role':'user','content':'Hi'}]}");

    assertThat(c.model()).isEqualTo("glm");
    assertThat(c.system()).containsExactly(new Content.Text("Be brief."), new Content.Text("Use metric units."));
    assertThat(c.turns()).containsExactly(new Turn(Role.USER, java.util.List.of(new Content.Text("Hi"))));
  }

  @Test
  void userImagesByDataUrlAndByHttpsUrl() {
    Conversation c = read("{'model':'m','messages':[{'role':'user','content':["
        + "{'type':'text','text':'What is in these?'},"
        + "{'type':'image_url','image_url':{'url':'data:image/png;base64,iVBORw0KGgo=','detail':'high'}},"
        + "{'type':'image_url','image_url':{'url':'https://example.com/cat.jpg'}}]}]}");

    assertThat(c.turns().get(0).parts()).containsExactly(
        new Content.Text("What is in these?"),
        new Content.Image("image/png", "iVBORw0KGgo=", null, "high", null),
        new Content.Image(null, null, "https://example.com/cat.jpg", null, null));
  }

  @Test
  void assistantToolCallsThenToolMessagesThenUserShareOneUserTurn() {
    Conversation c = read("{'model':'m','messages':["
        + "{'role':'user','content':'Weather in Paris and Rome?'},"
        + "{'role':'assistant','content':null,'reasoning_content':'Two cities, two calls.','tool_calls':["
        + "{'id':'call_a','type':'function','function':{'name':'get_weather','arguments':'{\\'city\\':\\'Paris\\'}'}},"
        + "{'id':'call_b','type':'function','function':{'name':'get_weather','arguments':'{\\'city\\':\\'Rome\\'}'}}]},"
        + "{'role':'tool','tool_call_id':'call_a','content':'18C'},"
        + "{'role':'tool','tool_call_id':'call_b','content':[{'type':'text','text':'21C'}]},"
        + "{'role':'user','content':'And tomorrow?'}]}");

    assertThat(c.turns()).hasSize(3);
    assertThat(c.turns().get(1).parts()).containsExactly(
        new Content.Thinking("Two cities, two calls.", null),
        new Content.ToolCall("call_a", "get_weather", "{\"city\":\"Paris\"}"),
        new Content.ToolCall("call_b", "get_weather", "{\"city\":\"Rome\"}"));
    Turn results = c.turns().get(2);
    assertThat(results.role()).isEqualTo(Role.USER);
    assertThat(results.parts()).containsExactly(
        new Content.ToolResult("call_a", java.util.List.of(new Content.Text("18C")), false, null),
        new Content.ToolResult("call_b", java.util.List.of(new Content.Text("21C")), false, null),
        new Content.Text("And tomorrow?"));
  }

  @Test
  void reasoningDetailsCarrySignaturesAndRedactedThinking() {
    Conversation c = read("{'model':'m','messages':[{'role':'user','content':'q'},"
        + "{'role':'assistant','content':'Answer.','reasoning_content':'Let me think.','reasoning_details':["
        + "{'type':'reasoning.text','signature':'sig-1','format':'anthropic-claude-v1','index':0},"
        + "{'type':'reasoning.encrypted','data':'opaque','index':1}]}]}");

    assertThat(c.turns().get(1).parts()).containsExactly(
        new Content.Thinking("Let me think.", "sig-1"),
        new Content.RedactedThinking("opaque"),
        new Content.Text("Answer."));
  }

  @Test
  void refusalPartsAreText() {
    Conversation c = read("{'model':'m','messages':[{'role':'user','content':'q'},"
        + "{'role':'assistant','content':[{'type':'refusal','refusal':'I cannot help.'}]}]}");

    assertThat(c.turns().get(1).parts()).containsExactly(new Content.Text("I cannot help."));
  }

  @Test
  void toolsChoiceAndSampling() {
    Conversation c = read("{'model':'m','messages':[{'role':'user','content':'q'}],"
        + "'tools':[{'type':'function','function':{'name':'get_weather','description':'Weather',"
        + "'parameters':{'type':'object','properties':{'city':{'type':'string'}}},'strict':true}}],"
        + "'tool_choice':{'type':'function','function':{'name':'get_weather'}},'parallel_tool_calls':false,"
        + "'max_tokens':100,'max_completion_tokens':200,'temperature':0.2,'top_p':0.9,'stop':'END','user':'u-1'}");

    assertThat(c.tools()).containsExactly(ToolSpec.function("get_weather", "Weather",
        json("{'type':'object','properties':{'city':{'type':'string'}}}"), true, null));
    assertThat(c.toolChoice()).isEqualTo(ToolChoice.tool("get_weather"));
    assertThat(c.parallelToolCalls()).isFalse();
    assertThat(c.maxTokens()).isEqualTo(200);
    assertThat(c.temperature()).isEqualTo(0.2);
    assertThat(c.topP()).isEqualTo(0.9);
    assertThat(c.stop()).containsExactly("END");
    assertThat(c.user()).isEqualTo("u-1");
  }

  @ParameterizedTest
  @CsvSource({"'\"auto\"',AUTO", "'\"none\"',NONE", "'\"required\"',REQUIRED"})
  void toolChoiceWords(String choice, ToolChoice.Mode mode) {
    Conversation c = read("{'model':'m','messages':[],'tool_choice':" + choice.replace('"', '\'') + "}");

    assertThat(c.toolChoice().mode()).isEqualTo(mode);
  }

  @Test
  void maxTokensAloneAndStopArray() {
    Conversation c = read("{'model':'m','messages':[],'max_tokens':64,'stop':['a','b']}");

    assertThat(c.maxTokens()).isEqualTo(64);
    assertThat(c.stop()).containsExactly("a", "b");
    assertThat(c.toolChoice()).isNull();
    assertThat(c.temperature()).isNull();
    assertThat(c.reasoning()).isNull();
    assertThat(c.responseFormat()).isNull();
  }

  @Test
  void reasoningEffort() {
    assertThat(read("{'model':'m','messages':[],'reasoning_effort':'high'}").reasoning())
        .isEqualTo(Reasoning.effort("high"));
    assertThat(read("{'model':'m','messages':[],'reasoning_effort':'none'}").reasoning())
        .isEqualTo(Reasoning.DISABLED);
  }

  @Test
  void responseFormats() {
    assertThat(read("{'model':'m','messages':[],'response_format':{'type':'text'}}").responseFormat()).isNull();
    assertThat(read("{'model':'m','messages':[],'response_format':{'type':'json_object'}}").responseFormat())
        .isEqualTo(new ResponseFormat("json_object", null, null, null));
    assertThat(read("{'model':'m','messages':[],'response_format':{'type':'json_schema','json_schema':"
        + "{'name':'answer','schema':{'type':'object'},'strict':true}}}").responseFormat())
        .isEqualTo(new ResponseFormat("json_schema", "answer", json("{'type':'object'}"), true));
  }

  @Test
  void includeUsageIsRememberedForTheEncoder() {
    read("{'model':'m','messages':[],'stream':true}");
    assertThat(ctx.clientWantsUsage()).isFalse();

    Conversation c = read("{'model':'m','messages':[],'stream':true,'stream_options':{'include_usage':true}}");
    assertThat(c.stream()).isTrue();
    assertThat(ctx.clientWantsUsage()).isTrue();
  }

  @Test
  void hintsKeepTheirChatNames() {
    Conversation c = read("{'model':'m','messages':[],'seed':7,'frequency_penalty':0.5,'presence_penalty':0.1,"
        + "'metadata':{'k':'v'},'store':false,'service_tier':'flex','prompt_cache_key':'pk','verbosity':'low',"
        + "'prediction':{'type':'content','content':'x'},'safety_identifier':'sid','n':1,'logprobs':false,'foo':1}");

    assertThat(c.hints()).containsOnlyKeys("seed", "frequency_penalty", "presence_penalty", "metadata", "store",
        "service_tier", "prompt_cache_key", "verbosity", "prediction");
    assertThat(c.hints().get("seed").asInt()).isEqualTo(7);
    assertThat(c.user()).isEqualTo("sid");
  }

  @Test
  void webSearchOptionsBecomeAHostedSearchTool() {
    Conversation c = read("{'model':'m','messages':[],'web_search_options':{'search_context_size':'low',"
        + "'user_location':{'type':'approximate','approximate':{'country':'FR','city':'Paris'}}}}");

    assertThat(c.tools()).singleElement().satisfies(tool -> {
      assertThat(tool.kind()).isEqualTo(ToolSpec.Kind.WEB_SEARCH);
      assertThat(tool.raw()).isEqualTo(json("{'type':'web_search','search_context_size':'low',"
          + "'user_location':{'type':'approximate','country':'FR','city':'Paris'}}"));
    });
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "'n':2|n",
      "'logprobs':true|logprobs",
      "'top_logprobs':3|top_logprobs",
      "'audio':{'voice':'alloy','format':'wav'}|audio",
      "'modalities':['text','audio']|modalities",
      "'logit_bias':{'50256':-100}|logit_bias",
      "'functions':[{'name':'f'}]|functions",
      "'function_call':'auto'|function_call",
      "'tools':[{'type':'custom','custom':{'name':'grammar'}}]|tools[0].type",
      "'tool_choice':{'type':'allowed_tools','allowed_tools':{}}|tool_choice"})
  void untranslatableFieldsAreNamed(String field, String named) {
    assertThatThrownBy(() -> read("{'model':'m','messages':[]," + field + "}"))
        .isInstanceOfSatisfying(TranslationException.class, e -> {
          assertThat(e.field()).isEqualTo(named);
          assertThat(e.getMessage()).contains(named);
        });
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{'role':'user','content':[{'type':'input_audio','input_audio':{'data':'x','format':'wav'}}]}|messages[0].content[0].type",
      "{'role':'user','content':[{'type':'text','text':'a'},{'type':'file','file':{'file_id':'f'}}]}|messages[0].content[1].type",
      "{'role':'function','name':'f','content':'x'}|messages[0].role",
      "{'role':'user','content':[{'type':'image_url','image_url':{'url':'ftp://x/y.png'}}]}|messages[0].content[0].image_url.url"})
  void untranslatableMessagesAreNamed(String message, String named) {
    assertThatThrownBy(() -> read("{'model':'m','messages':[" + message + "]}"))
        .isInstanceOfSatisfying(TranslationException.class, e -> assertThat(e.field()).isEqualTo(named));
  }
}

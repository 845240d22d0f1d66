package dev.factoryproxy.translate.chat;

import static dev.factoryproxy.translate.chat.ChatFixtures.json;
import static dev.factoryproxy.translate.chat.ChatFixtures.upstreamContext;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.factoryproxy.translate.model.Content;
import dev.factoryproxy.translate.model.Conversation;
import dev.factoryproxy.translate.model.Reasoning;
import dev.factoryproxy.translate.model.ResponseFormat;
import dev.factoryproxy.translate.model.Role;
import dev.factoryproxy.translate.model.ToolChoice;
import dev.factoryproxy.translate.model.ToolSpec;
import dev.factoryproxy.translate.model.Turn;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatRequestWriterTest {

  private final ChatFormat chat = ChatFormat.create();

  private static Conversation conversation(List<Content> system, List<Turn> turns, List<ToolSpec> tools,
                                           ToolChoice choice, Reasoning reasoning, boolean stream,
                                           Map<String, JsonNode> hints) {
    return new Conversation("kimi-k2", system, turns, tools, choice, true, 1024, 0.5, 1.0, List.of("STOP"),
        "user-9", reasoning, null, stream, hints);
  }

  private static Conversation simple(List<Turn> turns) {
    return conversation(List.of(), turns, List.of(), null, null, false, Map.of());
  }

  @Test
  void systemPartsBecomeOneSystemMessageFirst() {
    JsonNode body = chat.writeRequest(conversation(List.of(new Content.Text("You are terse."), new Content.Text("Be kind.")),
        List.of(new Turn(Role.USER, List.of(new Content.Text("Hi")))), List.of(), null, null, false, Map.of()),
        upstreamContext());

    assertThat(body.get("messages")).isEqualTo(json("[{'role':'system','content':'You are terse.\\n\\nBe kind.'},"
        + "{'role':'user','content':'Hi'}]"));
    assertThat(body.get("model").asText()).isEqualTo("kimi-k2");
    assertThat(body.get("max_tokens").asInt()).isEqualTo(1024);
    assertThat(body.get("temperature").asDouble()).isEqualTo(0.5);
    assertThat(body.get("top_p").asDouble()).isEqualTo(1.0);
    assertThat(body.get("stop")).isEqualTo(json("['STOP']"));
    assertThat(body.get("user").asText()).isEqualTo("user-9");
    assertThat(body.has("stream")).isFalse();
    assertThat(body.has("tools")).isFalse();
    assertThat(body.has("parallel_tool_calls")).as("only allowed with tools").isFalse();
  }

  @Test
  void toolResultsBecomeToolMessagesAndTheirImagesAFollowingUserMessage() {
    Content.Image png = new Content.Image("image/png", "AAAA", null, null, null);
    JsonNode body = chat.writeRequest(simple(List.of(
        new Turn(Role.ASSISTANT, List.of(new Content.Thinking("Need both.", "sig"),
            new Content.RedactedThinking("hidden"),
            new Content.ToolCall("toolu_1", "screenshot", "{}"),
            new Content.ToolCall("toolu_2", "read", "{\"path\":\"a\"}"))),
        new Turn(Role.USER, List.of(
            new Content.ToolResult("toolu_1", List.of(new Content.Text("here"), png), false, null),
            new Content.ToolResult("toolu_2", List.of(new Content.Text("line 1"), new Content.Text("line 2")), true, null),
            new Content.Text("Compare them."))))), upstreamContext());

    assertThat(body.get("messages")).isEqualTo(json("["
        + "{'role':'assistant','content':null,'reasoning_content':'Need both.','tool_calls':["
        + "{'id':'toolu_1','type':'function','function':{'name':'screenshot','arguments':'{}'}},"
        + "{'id':'toolu_2','type':'function','function':{'name':'read','arguments':'{\\'path\\':\\'a\\'}'}}]},"
        + "{'role':'tool','tool_call_id':'toolu_1','content':'here'},"
        + "{'role':'tool','tool_call_id':'toolu_2','content':'line 1\\nline 2'},"
        + "{'role':'user','content':[{'type':'image_url','image_url':{'url':'data:image/png;base64,AAAA'}},"
        + "{'type':'text','text':'Compare them.'}]}]"));
  }

  @Test
  void userImagesByUrlKeepTheirDetail() {
    JsonNode body = chat.writeRequest(simple(List.of(new Turn(Role.USER, List.of(new Content.Text("look"),
        new Content.Image(null, null, "https://example.com/a.jpg", "low", null))))), upstreamContext());

    assertThat(body.get("messages").get(0)).isEqualTo(json("{'role':'user','content':[{'type':'text','text':'look'},"
        + "{'type':'image_url','image_url':{'url':'https://example.com/a.jpg','detail':'low'}}]}"));
  }

  @Test
  void functionToolsGoAndHostedSearchIsDropped() {
    ToolSpec weather = ToolSpec.function("get_weather", "Weather", json("{'type':'object'}"), true, null);
    ToolSpec search = new ToolSpec(ToolSpec.Kind.WEB_SEARCH, "web_search", null, null, null, null, json("{'type':'web_search'}"));
    JsonNode body = chat.writeRequest(conversation(List.of(), List.of(), List.of(weather, search),
        ToolChoice.tool("get_weather"), null, false, Map.of()), upstreamContext());

    assertThat(body.get("tools")).isEqualTo(json("[{'type':'function','function':{'name':'get_weather',"
        + "'description':'Weather','parameters':{'type':'object'},'strict':true}}]"));
    assertThat(body.get("tool_choice")).isEqualTo(json("{'type':'function','function':{'name':'get_weather'}}"));
    assertThat(body.get("parallel_tool_calls").asBoolean()).isTrue();

    JsonNode onlySearch = chat.writeRequest(conversation(List.of(), List.of(), List.of(search), ToolChoice.REQUIRED,
        null, false, Map.of()), upstreamContext());
    assertThat(onlySearch.has("tools")).isFalse();
    assertThat(onlySearch.has("tool_choice")).isFalse();
  }

  @Test
  void toolChoiceWords() {
    ToolSpec f = ToolSpec.function("f", null, null, null, null);
    for (ToolChoice choice : List.of(ToolChoice.AUTO, ToolChoice.NONE, ToolChoice.REQUIRED)) {
      JsonNode body = chat.writeRequest(conversation(List.of(), List.of(), List.of(f), choice, null, false, Map.of()),
          upstreamContext());
      assertThat(body.get("tool_choice").asText()).isEqualTo(choice.mode().name().toLowerCase(java.util.Locale.ROOT));
      assertThat(body.get("tools").get(0).get("function")).isEqualTo(json("{'name':'f'}"));
    }
  }

  @Test
  void reasoningBecomesAnEffort() {
    assertThat(effortFor(Reasoning.effort("low"))).isEqualTo("low");
    assertThat(effortFor(Reasoning.budget(12_000))).isEqualTo("medium");
    assertThat(effortFor(Reasoning.budget(500))).isEqualTo("minimal");
    assertThat(effortFor(Reasoning.DISABLED)).isNull();
    assertThat(effortFor(null)).isNull();
  }

  private String effortFor(Reasoning reasoning) {
    JsonNode body = chat.writeRequest(conversation(List.of(), List.of(), List.of(), null, reasoning, false, Map.of()),
        upstreamContext());
    return body.has("reasoning_effort") ? body.get("reasoning_effort").asText() : null;
  }

  @Test
  void aStreamAlwaysAsksForUsage() {
    JsonNode body = chat.writeRequest(conversation(List.of(), List.of(), List.of(), null, null, true, Map.of()),
        upstreamContext());

    assertThat(body.get("stream").asBoolean()).isTrue();
    assertThat(body.get("stream_options")).isEqualTo(json("{'include_usage':true}"));
  }

  @Test
  void responseFormatAsChatSpellsIt() {
    Conversation schema = new Conversation("m", List.of(), List.of(), List.of(), null, null, null, null, null,
        List.of(), null, null, new ResponseFormat("json_schema", "answer", json("{'type':'object'}"), true), false, Map.of());
    Conversation object = new Conversation("m", List.of(), List.of(), List.of(), null, null, null, null, null,
        List.of(), null, null, new ResponseFormat("json_object", null, null, null), false, Map.of());

    assertThat(chat.writeRequest(schema, upstreamContext()).get("response_format")).isEqualTo(
        json("{'type':'json_schema','json_schema':{'name':'answer','schema':{'type':'object'},'strict':true}}"));
    assertThat(chat.writeRequest(object, upstreamContext()).get("response_format"))
        .isEqualTo(json("{'type':'json_object'}"));
    assertThat(chat.writeRequest(object, upstreamContext()).has("max_tokens")).isFalse();
  }

  @Test
  void chatHintsPassAndTheRestAreDropped() {
    JsonNode body = chat.writeRequest(conversation(List.of(), List.of(), List.of(), null, null, false, Map.of(
        "seed", IntNode.valueOf(3), "frequency_penalty", IntNode.valueOf(1), "presence_penalty", IntNode.valueOf(0),
        "prompt_cache_key", TextNode.valueOf("k"), "service_tier", TextNode.valueOf("standard_only"),
        "top_k", IntNode.valueOf(5), "store", TextNode.valueOf("x"))), upstreamContext());

    assertThat(body.get("seed").asInt()).isEqualTo(3);
    assertThat(body.get("frequency_penalty").asInt()).isEqualTo(1);
    assertThat(body.get("presence_penalty").asInt()).isZero();
    assertThat(body.get("prompt_cache_key").asText()).isEqualTo("k");
    assertThat(body.has("service_tier")).isFalse();
    assertThat(body.has("top_k")).isFalse();
    assertThat(body.has("store")).isFalse();
  }
}

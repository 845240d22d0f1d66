package dev.factoryproxy.translate.responses;

import static dev.factoryproxy.translate.responses.Fixtures.clientCtx;
import static dev.factoryproxy.translate.responses.Fixtures.json;
import static dev.factoryproxy.translate.responses.Fixtures.upstreamCtx;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.factoryproxy.translate.model.Content;
import dev.factoryproxy.translate.model.Conversation;
import dev.factoryproxy.translate.model.Reasoning;
import dev.factoryproxy.translate.model.Role;
import dev.factoryproxy.translate.model.ToolChoice;
import dev.factoryproxy.translate.model.ToolSpec;
import dev.factoryproxy.translate.model.Turn;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResponsesRequestWriterTest {

  private final ResponsesFormat format = ResponsesFormat.create();

  private static Conversation toolConversation(Reasoning reasoning) {
    return new Conversation("gpt-5",
        List.of(new Content.Text("Be brief."), new Content.Text("Use tools.")),
        List.of(
            new Turn(Role.USER, List.of(new Content.Text("Weather in Paris?"),
                new Content.Image("image/jpeg", "AAAA", null, null, null))),
            new Turn(Role.ASSISTANT, List.of(
                new Content.Thinking("Need the tool.", "openai:gAAAAenc"),
                new Content.Thinking("Anthropic's.", "EqQBsig"),
                new Content.Text("Checking."),
                new Content.ToolCall("toolu_01", "weather", "{\"city\":\"Paris\"}"),
                new Content.ToolCall("toolu_02", "weather", "{\"city\":\"Lyon\"}"))),
            new Turn(Role.USER, List.of(
                new Content.ToolResult("toolu_01", List.of(new Content.Text("18C")), false, null),
                new Content.ToolResult("toolu_02", List.of(new Content.Text("20C")), false, null))),
            new Turn(Role.ASSISTANT, List.of(new Content.Text("18C and 20C."))),
            new Turn(Role.USER, List.of(new Content.Text("Thanks")))),
        List.of(ToolSpec.function("weather", "Gets weather", json("{'type':'object','properties':{'city':{'type':'string'}}}"),
            null, null)),
        ToolChoice.tool("weather"), false, 1000, 0.2, null, List.of(), "user-7", reasoning, null, true,
        Map.of("prompt_cache_key", json("'k1'"), "verbosity", json("'high'"), "client_metadata", json("{}")));
  }

  @Test
  void writesAStatelessResponsesRequest() {
    ObjectNode body = format.writeRequest(toolConversation(Reasoning.budget(10_000)), upstreamCtx());
    assertThat(body.path("model").asText()).isEqualTo("gpt-5");
    assertThat(body.path("instructions").asText()).isEqualTo("Be brief.\n\nUse tools.");
    assertThat(body.path("store").asBoolean(true)).isFalse();
    assertThat(body.path("stream").asBoolean()).isTrue();
    assertThat(body.path("max_output_tokens").asInt()).isEqualTo(1000);
    assertThat(body.path("temperature").asDouble()).isEqualTo(0.2);
    assertThat(body.has("top_p")).isFalse();
    assertThat(body.path("parallel_tool_calls").asBoolean(true)).isFalse();
    assertThat(body.path("tool_choice")).isEqualTo(json("{'type':'function','name':'weather'}"));
    assertThat(body.path("tools").get(0)).isEqualTo(json("""
        {'type':'function','name':'weather','description':'Gets weather',
         'parameters':{'type':'object','properties':{'city':{'type':'string'}}},'strict':false}"""));
    assertThat(body.path("reasoning")).isEqualTo(json("{'effort':'medium'}"));
    assertThat(body.path("include")).isEqualTo(json("['reasoning.encrypted_content']"));
    assertThat(body.path("text").path("verbosity").asText()).isEqualTo("high");
    assertThat(body.path("prompt_cache_key").asText()).isEqualTo("k1");
    assertThat(body.path("user").asText()).isEqualTo("user-7");
    assertThat(body.has("client_metadata")).isFalse();

    JsonNode input = body.path("input");
    assertThat(input.get(0)).isEqualTo(json("""
        {'type':'message','role':'user','content':[{'type':'input_text','text':'Weather in Paris?'},
         {'type':'input_image','image_url':'data:image/jpeg;base64,AAAA'}]}"""));
    assertThat(input.get(1)).isEqualTo(json("""
        {'type':'reasoning','summary':[{'type':'summary_text','text':'Need the tool.'}],'encrypted_content':'gAAAAenc'}"""));
    assertThat(input.get(2)).isEqualTo(json(
        "{'type':'message','role':'assistant','content':[{'type':'output_text','text':'Checking.'}]}"));
    assertThat(input.get(3)).isEqualTo(json(
        "{'type':'function_call','call_id':'toolu_01','name':'weather','arguments':'{\\'city\\':\\'Paris\\'}'}"
            .replace("\\'", "\\\"")));
    assertThat(input.get(5)).isEqualTo(json("{'type':'function_call_output','call_id':'toolu_01','output':'18C'}"));
    assertThat(input).hasSize(9);
  }

  @Test
  void disabledReasoningIsLeftOut() {
    ObjectNode body = format.writeRequest(toolConversation(Reasoning.DISABLED), upstreamCtx());
    assertThat(body.has("reasoning")).isFalse();
    assertThat(body.has("include")).isFalse();
  }

  @Test
  void webSearchBecomesTheHostedTool() {
    Conversation c = new Conversation("gpt-5", List.of(), List.of(new Turn(Role.USER, List.of(new Content.Text("x")))),
        List.of(new ToolSpec(ToolSpec.Kind.WEB_SEARCH, "web_search", null, null, null, null,
            json("{'type':'web_search_20250305','name':'web_search','allowed_domains':['a.com']}"))),
        null, null, null, null, null, List.of(), null, null, null, false, Map.of());
    ObjectNode body = format.writeRequest(c, upstreamCtx());
    assertThat(body.path("tools").get(0)).isEqualTo(json("{'type':'web_search','filters':{'allowed_domains':['a.com']}}"));
  }

  @Test
  void roundTripKeepsAMultiTurnToolConversation() {
    Conversation original = toolConversation(Reasoning.effort("high"));
    ObjectNode body = format.writeRequest(original, upstreamCtx());
    Conversation back = format.readRequest(body, clientCtx());

    assertThat(back.system()).containsExactly(new Content.Text("Be brief.\n\nUse tools."));
    assertThat(back.turns()).hasSize(original.turns().size());
    assertThat(back.turns().get(0)).isEqualTo(original.turns().get(0));
    // Anthropic's thinking does not go to an OpenAI model; the OpenAI one comes back as the client sent it.
    assertThat(back.turns().get(1).parts()).containsExactly(
        new Content.Thinking("Need the tool.", "gAAAAenc"),
        new Content.Text("Checking."),
        new Content.ToolCall("toolu_01", "weather", "{\"city\":\"Paris\"}"),
        new Content.ToolCall("toolu_02", "weather", "{\"city\":\"Lyon\"}"));
    assertThat(back.turns().subList(2, 5)).isEqualTo(original.turns().subList(2, 5));
    assertThat(back.tools()).isEqualTo(List.of(ToolSpec.function("weather", "Gets weather",
        json("{'type':'object','properties':{'city':{'type':'string'}}}"), false, null)));
    assertThat(back.toolChoice()).isEqualTo(original.toolChoice());
    assertThat(back.reasoning()).isEqualTo(original.reasoning());
    assertThat(back.maxTokens()).isEqualTo(original.maxTokens());
  }
}

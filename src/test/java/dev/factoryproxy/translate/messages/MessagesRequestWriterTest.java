package dev.factoryproxy.translate.messages;

import static dev.factoryproxy.translate.messages.Fixtures.ctx;
import static dev.factoryproxy.translate.messages.Fixtures.format;
import static dev.factoryproxy.translate.messages.Fixtures.json;
import static dev.factoryproxy.translate.messages.Fixtures.upstreamSide;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessagesRequestWriterTest {

  private static final List<Turn> HELLO = List.of(new Turn(Role.USER, List.of(new Content.Text("Hello"))));

  /** A conversation with only the parts a test sets; the rest empty or unset. */
  private record Spec(List<Content> system, List<Turn> turns, List<ToolSpec> tools, ToolChoice choice,
                      Boolean parallel, Integer maxTokens, Reasoning reasoning, ResponseFormat format,
                      Map<String, JsonNode> hints) {
    static Spec of(List<Turn> turns) {
      return new Spec(List.of(), turns, List.of(), null, null, null, null, null, Map.of());
    }

    Spec system(Content... parts) {
      return new Spec(List.of(parts), turns, tools, choice, parallel, maxTokens, reasoning, format, hints);
    }

    Spec tools(List<ToolSpec> t, ToolChoice c, Boolean p) {
      return new Spec(system, turns, t, c, p, maxTokens, reasoning, format, hints);
    }

    Spec reasoning(Reasoning r, Integer max) {
      return new Spec(system, turns, tools, choice, parallel, max, r, format, hints);
    }

    Spec format(ResponseFormat f) {
      return new Spec(system, turns, tools, choice, parallel, maxTokens, reasoning, f, hints);
    }

    Spec hints(Map<String, JsonNode> h) {
      return new Spec(system, turns, tools, choice, parallel, maxTokens, reasoning, format, h);
    }

    Conversation conversation() {
      return new Conversation("claude-sonnet-4-5-20250929", system, turns, tools, choice, parallel, maxTokens,
          null, null, List.of(), null, reasoning, format, false, hints);
    }
  }

  private static ObjectNode write(Spec spec) {
    return format().writeRequest(spec.conversation(), upstreamSide());
  }

  @Test
  void writesAMinimalRequestWithTheCatalogMaxTokens() {
    assertThat(write(Spec.of(HELLO))).isEqualTo(json("""
        {"model":"claude-sonnet-4-5-20250929","max_tokens":8192,
         "messages":[{"role":"user","content":[{"type":"text","text":"Hello"}]}]}"""));
  }

  @Test
  void writesTheScalars() {
    Conversation c = new Conversation("claude-x", List.of(), HELLO, List.of(), null, null, 300, 0.2, 0.8,
        List.of("END"), "user-1", null, null, true, Map.of());
    assertThat(format().writeRequest(c, upstreamSide())).isEqualTo(json("""
        {"model":"claude-x","max_tokens":300,
         "messages":[{"role":"user","content":[{"type":"text","text":"Hello"}]}],
         "temperature":0.2,"top_p":0.8,"stop_sequences":["END"],"metadata":{"user_id":"user-1"},"stream":true}"""));
  }

  @Test
  void writesOnePlainSystemTextAsAStringAndAnythingRicherAsBlocks() {
    assertThat(write(Spec.of(HELLO).system(new Content.Text("Be brief."))).get("system"))
        .isEqualTo(json("\"Be brief.\""));
    JsonNode cache = json("{\"type\":\"ephemeral\"}");
    assertThat(write(Spec.of(HELLO).system(new Content.Text("A"), new Content.Text("B", cache))).get("system"))
        .isEqualTo(json("""
            [{"type":"text","text":"A"},{"type":"text","text":"B","cache_control":{"type":"ephemeral"}}]"""));
  }

  @Test
  void mergesTurnsOfOneRoleAndPutsToolResultsFirst() {
    List<Turn> turns = List.of(
        new Turn(Role.USER, List.of(new Content.Text("Weather in Paris and Rome?"))),
        new Turn(Role.ASSISTANT, List.of(new Content.ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"))),
        new Turn(Role.ASSISTANT, List.of(new Content.ToolCall("call_2", "get_weather", "{\"city\":\"Rome\"}"))),
        new Turn(Role.USER, List.of(new Content.ToolResult("call_1", List.of(new Content.Text("15C")), false, null))),
        new Turn(Role.USER, List.of(new Content.Text("and also"),
            new Content.ToolResult("call_2", List.of(new Content.Text("20C")), true, null))));
    assertThat(write(Spec.of(turns)).get("messages")).isEqualTo(json("""
        [{"role":"user","content":[{"type":"text","text":"Weather in Paris and Rome?"}]},
         {"role":"assistant","content":[
           {"type":"tool_use","id":"call_1","name":"get_weather","input":{"city":"Paris"}},
           {"type":"tool_use","id":"call_2","name":"get_weather","input":{"city":"Rome"}}]},
         {"role":"user","content":[
           {"type":"tool_result","tool_use_id":"call_1","content":"15C"},
           {"type":"tool_result","tool_use_id":"call_2","content":"20C","is_error":true},
           {"type":"text","text":"and also"}]}]"""));
  }

  @Test
  void writesImagesAndRichToolResults() {
    List<Turn> turns = List.of(new Turn(Role.USER, List.of(
        new Content.Image("image/png", "iVBORw0KGgo=", null, "high", null),
        new Content.Image(null, null, "https://example.com/a.jpg", null, json("{\"type\":\"ephemeral\"}")),
        new Content.ToolResult("toolu_1", List.of(new Content.Text("see"),
            new Content.Image("image/jpeg", "/9j/", null, null, null)), false, null),
        new Content.ToolResult("toolu_2", List.of(), false, null))));
    assertThat(write(Spec.of(turns)).get("messages").get(0).get("content")).isEqualTo(json("""
        [{"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"see"},
           {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"/9j/"}}]},
         {"type":"tool_result","tool_use_id":"toolu_2"},
         {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},
         {"type":"image","source":{"type":"url","url":"https://example.com/a.jpg"},"cache_control":{"type":"ephemeral"}}]
        """));
  }

  @Test
  void sendsOnlyAnthropicSignedThinkingAndLeavesEmptyTurnsOut() {
    List<Turn> turns = List.of(
        new Turn(Role.USER, List.of(new Content.Text("q1"))),
        new Turn(Role.ASSISTANT, List.of(new Content.Thinking("openai reasoning", "openai:gAAAAB"),
            new Content.Thinking("unsigned", null), new Content.Text(""))),
        new Turn(Role.USER, List.of(new Content.Text("q2"))),
        new Turn(Role.ASSISTANT, List.of(new Content.Thinking("claude reasoning", "EqQBCgIYAhIM"),
            new Content.RedactedThinking("EmwKAhgB"), new Content.Text("answer"))));
    assertThat(write(Spec.of(turns)).get("messages")).isEqualTo(json("""
        [{"role":"user","content":[{"type":"text","text":"q1"},{"type":"text","text":"q2"}]},
         {"role":"assistant","content":[
           {"type":"thinking","thinking":"claude reasoning","signature":"EqQBCgIYAhIM"},
           {"type":"redacted_thinking","data":"EmwKAhgB"},
           {"type":"text","text":"answer"}]}]"""));
  }

  @Test
  void blankArgumentsAreAnEmptyInputAndInvalidOnesAreRefused() {
    List<Turn> blank = List.of(new Turn(Role.ASSISTANT, List.of(new Content.ToolCall("c", "now", ""))));
    assertThat(write(Spec.of(blank)).at("/messages/0/content/0/input")).isEqualTo(json("{}"));
    List<Turn> broken = List.of(new Turn(Role.ASSISTANT, List.of(new Content.ToolCall("c", "f", "{\"a\":"))));
    assertThatThrownBy(() -> write(Spec.of(broken))).isInstanceOf(TranslationException.class)
        .hasMessageContaining("\"c\"");
    List<Turn> array = List.of(new Turn(Role.ASSISTANT, List.of(new Content.ToolCall("c", "f", "[1]"))));
    assertThatThrownBy(() -> write(Spec.of(array))).isInstanceOf(TranslationException.class);
  }

  @Test
  void writesToolsAndTheHostedWebSearch() {
    JsonNode schema = json("{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}}}");
    List<ToolSpec> tools = List.of(
        ToolSpec.function("search_docs", "Search the docs", schema, true, json("{\"type\":\"ephemeral\"}")),
        ToolSpec.function("now", null, null, null, null),
        new ToolSpec(ToolSpec.Kind.WEB_SEARCH, "web_search", null, null, null, null,
            json("{\"type\":\"web_search\",\"search_context_size\":\"low\"}")));
    assertThat(write(Spec.of(HELLO).tools(tools, null, null)).get("tools")).isEqualTo(json("""
        [{"name":"search_docs","description":"Search the docs",
          "input_schema":{"type":"object","properties":{"q":{"type":"string"}}},"cache_control":{"type":"ephemeral"}},
         {"name":"now","input_schema":{"type":"object","properties":{}}},
         {"type":"web_search_20250305","name":"web_search"}]"""));
  }

  @Test
  void writesEveryToolChoiceAndTheParallelFlag() {
    List<ToolSpec> tools = List.of(ToolSpec.function("f", null, json("{\"type\":\"object\"}"), null, null));
    assertThat(choice(tools, ToolChoice.AUTO, null)).isEqualTo(json("{\"type\":\"auto\"}"));
    assertThat(choice(tools, ToolChoice.REQUIRED, null)).isEqualTo(json("{\"type\":\"any\"}"));
    assertThat(choice(tools, ToolChoice.NONE, false)).isEqualTo(json("{\"type\":\"none\"}"));
    assertThat(choice(tools, ToolChoice.tool("f"), false))
        .isEqualTo(json("{\"type\":\"tool\",\"name\":\"f\",\"disable_parallel_tool_use\":true}"));
    assertThat(choice(tools, null, false)).isEqualTo(json("{\"type\":\"auto\",\"disable_parallel_tool_use\":true}"));
    assertThat(choice(tools, null, true)).isNull();
    assertThat(choice(List.of(), ToolChoice.AUTO, false)).isNull();
  }

  private static JsonNode choice(List<ToolSpec> tools, ToolChoice choice, Boolean parallel) {
    return write(Spec.of(HELLO).tools(tools, choice, parallel)).get("tool_choice");
  }

  @Test
  void writesThinkingFromABudgetOrAnEffort() {
    assertThat(thinking(Reasoning.budget(2048), 4096)).isEqualTo(json("{\"type\":\"enabled\",\"budget_tokens\":2048}"));
    assertThat(thinking(Reasoning.effort("low"), null))
        .isEqualTo(json("{\"type\":\"enabled\",\"budget_tokens\":4096}"));
    assertThat(thinking(Reasoning.DISABLED, null)).isNull();
    assertThat(thinking(null, null)).isNull();
  }

  @Test
  void clampsABudgetUnderMaxTokensOrDropsThinking() {
    assertThat(thinking(Reasoning.effort("high"), 16_000))
        .isEqualTo(json("{\"type\":\"enabled\",\"budget_tokens\":15999}"));
    assertThat(thinking(Reasoning.budget(2000), 2000)).isEqualTo(json("{\"type\":\"enabled\",\"budget_tokens\":1999}"));
    assertThat(thinking(Reasoning.budget(1024), 1025)).isEqualTo(json("{\"type\":\"enabled\",\"budget_tokens\":1024}"));
    assertThat(thinking(Reasoning.budget(2000), 1024)).isNull();
  }

  @Test
  void refusesAnUnknownEffort() {
    assertThatThrownBy(() -> thinking(Reasoning.effort("extreme"), null))
        .isInstanceOfSatisfying(TranslationException.class, e -> {
          assertThat(e.field()).isEqualTo("reasoning_effort");
          assertThat(e.getMessage()).contains("extreme");
        });
  }

  private static JsonNode thinking(Reasoning reasoning, Integer maxTokens) {
    return write(Spec.of(HELLO).reasoning(reasoning, maxTokens)).get("thinking");
  }

  @Test
  void refusesAResponseFormat() {
    assertThatThrownBy(() -> write(Spec.of(HELLO).format(new ResponseFormat("json_object", null, null, null))))
        .isInstanceOfSatisfying(TranslationException.class, e -> {
          assertThat(e.field()).isEqualTo("response_format");
          assertThat(e.getMessage()).contains("no structured-output equivalent");
        });
  }

  @Test
  void passesHintsOnlyForAMessagesClient() {
    Map<String, JsonNode> hints = Map.of("top_k", json("40"), "service_tier", json("\"flex\""),
        "prompt_cache_key", json("\"k\""));
    Conversation c = Spec.of(HELLO).hints(hints).conversation();
    ObjectNode fromChat = format().writeRequest(c, upstreamSide());
    assertThat(fromChat.has("top_k") || fromChat.has("service_tier") || fromChat.has("prompt_cache_key")).isFalse();
    TranslationContext messagesClient = ctx(WireApi.MESSAGES, WireApi.MESSAGES);
    ObjectNode fromMessages = format().writeRequest(c, messagesClient);
    assertThat(fromMessages.get("top_k").asInt()).isEqualTo(40);
    assertThat(fromMessages.has("service_tier")).isTrue();
    assertThat(fromMessages.has("prompt_cache_key")).isFalse();
  }
}

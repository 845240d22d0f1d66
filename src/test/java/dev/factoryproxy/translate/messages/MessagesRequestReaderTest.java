package dev.factoryproxy.translate.messages;

import static dev.factoryproxy.translate.messages.Fixtures.clientSide;
import static dev.factoryproxy.translate.messages.Fixtures.format;
import static dev.factoryproxy.translate.messages.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.factoryproxy.translate.TranslationException;
import dev.factoryproxy.translate.model.Content;
import dev.factoryproxy.translate.model.Conversation;
import dev.factoryproxy.translate.model.Reasoning;
import dev.factoryproxy.translate.model.Role;
import dev.factoryproxy.translate.model.ToolChoice;
import dev.factoryproxy.translate.model.ToolSpec;
import dev.factoryproxy.translate.model.Turn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessagesRequestReaderTest {

  private static Conversation read(String body) {
    return format().readRequest(json(body), clientSide());
  }

  private static TranslationException refusal(String body) {
    try {
      read(body);
    } catch (TranslationException e) {
      return e;
    }
    throw new AssertionError("no TranslationException for " + body);
  }

  @Test
  void readsTheScalarsOfARequest() {
    Conversation c = read("""
        {"model":"glm-4.6","max_tokens":1024,"temperature":0.5,"top_p":0.9,"stream":true,
         "stop_sequences":["\\n\\nHuman:","END"],"metadata":{"user_id":"user-42"},
         "messages":[{"role":"user","content":"Hello, Claude"}]}""");
    assertThat(c.model()).isEqualTo("glm-4.6");
    assertThat(c.maxTokens()).isEqualTo(1024);
    assertThat(c.temperature()).isEqualTo(0.5);
    assertThat(c.topP()).isEqualTo(0.9);
    assertThat(c.stream()).isTrue();
    assertThat(c.stop()).containsExactly("\n\nHuman:", "END");
    assertThat(c.user()).isEqualTo("user-42");
    assertThat(c.turns()).containsExactly(new Turn(Role.USER, java.util.List.of(new Content.Text("Hello, Claude"))));
    assertThat(c.reasoning()).isNull();
    assertThat(c.toolChoice()).isNull();
    assertThat(c.parallelToolCalls()).isNull();
    assertThat(c.hints()).isEmpty();
  }

  @Test
  void readsASystemStringAndSystemBlocksWithCacheControl() {
    assertThat(read("""
        {"model":"m","system":"Be brief.","messages":[]}""").system())
        .containsExactly(new Content.Text("Be brief."));
    Conversation c = read("""
        {"model":"m","messages":[],"system":[
          {"type":"text","text":"You are Claude Code."},
          {"type":"text","text":"Project rules","cache_control":{"type":"ephemeral"}}]}""");
    assertThat(c.system()).containsExactly(new Content.Text("You are Claude Code."),
        new Content.Text("Project rules", json("{\"type\":\"ephemeral\"}")));
  }

  @Test
  void appendsSystemRoleMessagesToTheSystemPromptInOrder() {
    Conversation c = read("""
        {"model":"glm-4.6","system":"first","messages":[
          {"role":"system","content":"second"},
          {"role":"user","content":"hi"},
          {"role":"system","content":[{"type":"text","text":"third"}]}]}""");
    assertThat(c.system()).extracting(p -> ((Content.Text) p).text()).containsExactly("first", "second", "third");
    assertThat(c.turns()).hasSize(1);
  }

  @Test
  void readsEveryCarriedBlockType() {
    Conversation c = read("""
        {"model":"m","messages":[
          {"role":"user","content":[
            {"type":"text","text":"What is in these?"},
            {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},
            {"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"},
             "cache_control":{"type":"ephemeral"}}]},
          {"role":"assistant","content":[
            {"type":"thinking","thinking":"Let me look.","signature":"EqQBCgIYAhIM"},
            {"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix"},
            {"type":"text","text":"I will check the weather."},
            {"type":"tool_use","id":"toolu_01A","name":"get_weather","input":{"location":"Paris","unit":"c"}}]},
          {"role":"user","content":[
            {"type":"tool_result","tool_use_id":"toolu_01A","content":"15 degrees"},
            {"type":"tool_result","tool_use_id":"toolu_01B","is_error":true,"content":[
              {"type":"text","text":"failed"},
              {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"/9j/"}}]}]}]}""");
    assertThat(c.turns().get(0).parts()).containsExactly(
        new Content.Text("What is in these?"),
        new Content.Image("image/png", "iVBORw0KGgo=", null, null, null),
        new Content.Image(null, null, "https://example.com/cat.jpg", null, json("{\"type\":\"ephemeral\"}")));
    assertThat(c.turns().get(1).role()).isEqualTo(Role.ASSISTANT);
    assertThat(c.turns().get(1).parts()).containsExactly(
        new Content.Thinking("Let me look.", "EqQBCgIYAhIM"),
        new Content.RedactedThinking("EmwKAhgBEgy3va3pzix"),
        new Content.Text("I will check the weather."),
        new Content.ToolCall("toolu_01A", "get_weather", "{\"location\":\"Paris\",\"unit\":\"c\"}"));
    assertThat(c.turns().get(2).parts()).containsExactly(
        new Content.ToolResult("toolu_01A", java.util.List.of(new Content.Text("15 degrees")), false, null),
        new Content.ToolResult("toolu_01B", java.util.List.of(new Content.Text("failed"),
            new Content.Image("image/jpeg", "/9j/", null, null, null)), true, null));
  }

  @Test
  void anEmptySignatureIsNoSignature() {
    Conversation c = read("""
        {"model":"m","messages":[{"role":"assistant","content":[
          {"type":"thinking","thinking":"hm","signature":""}]}]}""");
    assertThat(c.turns().get(0).parts()).containsExactly(new Content.Thinking("hm", null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"document", "search_result", "server_tool_use", "web_search_tool_result", "container_upload"})
  void refusesBlocksTheCommonModelCannotCarry(String type) {
    TranslationException e = refusal("""
        {"model":"m","messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"},
          {"role":"user","content":[{"type":"%s","source":{"type":"text","data":"x"}}]}]}""".formatted(type));
    assertThat(e.field()).isEqualTo("messages[2].content[0].type");
    assertThat(e.getMessage()).contains(type).contains("Chat Completions");
  }

  @Test
  void refusesADocumentInsideAToolResult() {
    TranslationException e = refusal("""
        {"model":"m","messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t",
          "content":[{"type":"text","text":"ok"},{"type":"document","source":{"type":"text","data":"x"}}]}]}]}""");
    assertThat(e.field()).isEqualTo("messages[0].content[0].content[1].type");
  }

  @Test
  void refusesAFileImageSource() {
    TranslationException e = refusal("""
        {"model":"m","messages":[{"role":"user","content":[
          {"type":"image","source":{"type":"file","file_id":"file_011"}}]}]}""");
    assertThat(e.field()).isEqualTo("messages[0].content[0].source.type");
  }

  @Test
  void readsClientToolsAndTheHostedWebSearch() {
    Conversation c = read("""
        {"model":"m","messages":[],"tools":[
          {"name":"get_weather","description":"Get the weather","input_schema":{"type":"object",
            "properties":{"location":{"type":"string"}},"required":["location"]},"cache_control":{"type":"ephemeral"}},
          {"type":"custom","name":"noop","input_schema":{"type":"object"}},
          {"type":"web_search_20250305","name":"web_search","max_uses":5}]}""");
    assertThat(c.tools()).hasSize(3);
    ToolSpec weather = c.tools().get(0);
    assertThat(weather.kind()).isEqualTo(ToolSpec.Kind.FUNCTION);
    assertThat(weather.name()).isEqualTo("get_weather");
    assertThat(weather.description()).isEqualTo("Get the weather");
    assertThat(weather.parameters().path("required").get(0).asText()).isEqualTo("location");
    assertThat(weather.cacheControl()).isEqualTo(json("{\"type\":\"ephemeral\"}"));
    assertThat(c.tools().get(1).name()).isEqualTo("noop");
    ToolSpec search = c.tools().get(2);
    assertThat(search.kind()).isEqualTo(ToolSpec.Kind.WEB_SEARCH);
    assertThat(search.raw().path("max_uses").asInt()).isEqualTo(5);
  }

  @ParameterizedTest
  @ValueSource(strings = {"bash_20250124", "text_editor_20250728", "computer_20250124", "code_execution_20250825"})
  void refusesOtherServerTools(String type) {
    TranslationException e = refusal("""
        {"model":"m","messages":[],"tools":[{"name":"f","input_schema":{"type":"object"}},
          {"type":"%s","name":"x"}]}""".formatted(type));
    assertThat(e.field()).isEqualTo("tools[1].type");
    assertThat(e.getMessage()).contains(type);
  }

  @Test
  void readsEveryToolChoice() {
    assertThat(choice("{\"type\":\"auto\"}")).isEqualTo(ToolChoice.AUTO);
    assertThat(choice("{\"type\":\"any\"}")).isEqualTo(ToolChoice.REQUIRED);
    assertThat(choice("{\"type\":\"none\"}")).isEqualTo(ToolChoice.NONE);
    assertThat(choice("{\"type\":\"tool\",\"name\":\"get_weather\"}")).isEqualTo(ToolChoice.tool("get_weather"));
    Conversation serial = read("""
        {"model":"m","messages":[],"tool_choice":{"type":"any","disable_parallel_tool_use":true}}""");
    assertThat(serial.parallelToolCalls()).isFalse();
    Conversation parallel = read("""
        {"model":"m","messages":[],"tool_choice":{"type":"auto","disable_parallel_tool_use":false}}""");
    assertThat(parallel.parallelToolCalls()).isNull();
  }

  private static ToolChoice choice(String choice) {
    return read("{\"model\":\"m\",\"messages\":[],\"tool_choice\":" + choice + "}").toolChoice();
  }

  @Test
  void readsThinking() {
    assertThat(reasoning("\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2048}")).isEqualTo(Reasoning.budget(2048));
    assertThat(reasoning("\"thinking\":{\"type\":\"disabled\"}")).isEqualTo(Reasoning.DISABLED);
    assertThat(reasoning("\"thinking\":{\"type\":\"adaptive\"}")).isEqualTo(Reasoning.effort("high"));
    assertThat(reasoning("\"thinking\":{\"type\":\"adaptive\"},\"output_config\":{\"effort\":\"low\"}"))
        .isEqualTo(Reasoning.effort("low"));
    assertThat(reasoning("\"thinking\":{\"type\":\"adaptive\"},\"output_config\":{\"effort\":\"max\"}"))
        .isEqualTo(Reasoning.effort("xhigh"));
    assertThat(reasoning("\"output_config\":{\"effort\":\"medium\"}")).isEqualTo(Reasoning.effort("medium"));
    assertThatThrownBy(() -> reasoning("\"thinking\":{\"type\":\"enabled\"}"))
        .isInstanceOfSatisfying(TranslationException.class,
            e -> assertThat(e.field()).isEqualTo("thinking.budget_tokens"));
  }

  private static Reasoning reasoning(String fields) {
    return read("{\"model\":\"m\",\"messages\":[]," + fields + "}").reasoning();
  }

  @Test
  void readsStructuredOutput() {
    Conversation c = read("""
        {"model":"m","messages":[],"output_format":{"type":"json_schema","schema":{"type":"object"}}}""");
    assertThat(c.responseFormat().type()).isEqualTo("json_schema");
    assertThat(c.responseFormat().schema()).isEqualTo(json("{\"type\":\"object\"}"));
    assertThat(c.responseFormat().strict()).isTrue();
  }

  @Test
  void keepsTheHintsByTheirMessagesNames() {
    Conversation c = read("""
        {"model":"m","messages":[],"top_k":40,"service_tier":"auto",
         "context_management":{"edits":[{"type":"clear_tool_uses_20250919"}]},"unknown_field":1}""");
    assertThat(c.hints()).containsOnlyKeys("top_k", "service_tier", "context_management");
    assertThat(c.hints().get("top_k").asInt()).isEqualTo(40);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "\"mcp_servers\":[{\"type\":\"url\",\"url\":\"https://mcp.example.com/sse\",\"name\":\"ex\"}]",
      "\"container\":\"container_011CZ\""})
  void refusesFieldsThatChangeWhatTheModelCanDo(String field) {
    TranslationException e = refusal("{\"model\":\"m\",\"messages\":[]," + field + "}");
    assertThat(field).startsWith("\"" + e.field() + "\"");
  }

  @Test
  void refusesAnUnknownRole() {
    assertThat(refusal("{\"model\":\"m\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}").field())
        .isEqualTo("messages[0].role");
  }
}

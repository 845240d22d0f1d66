package dev.factoryproxy.translate.messages;

import static dev.factoryproxy.translate.messages.Fixtures.clientSide;
import static dev.factoryproxy.translate.messages.Fixtures.format;
import static dev.factoryproxy.translate.messages.Fixtures.json;
import static dev.factoryproxy.translate.messages.Fixtures.upstreamSide;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factoryproxy.translate.model.Content;
import dev.factoryproxy.translate.model.Conversation;
import org.junit.jupiter.api.Test;

/** A Messages request read, written and read again keeps its meaning, ids one to one. */
class MessagesRoundTripTest {

  private static final String MULTI_TURN_TOOLS = """
      {"model":"claude-sonnet-4-5-20250929","max_tokens":4096,
       "system":[{"type":"text","text":"You are a coding agent.","cache_control":{"type":"ephemeral"}}],
       "tools":[{"name":"read_file","description":"Read a file",
                 "input_schema":{"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}},
                {"name":"run","input_schema":{"type":"object","properties":{"cmd":{"type":"string"}}}}],
       "tool_choice":{"type":"auto","disable_parallel_tool_use":true},
       "thinking":{"type":"enabled","budget_tokens":2048},
       "messages":[
        {"role":"user","content":"Fix the build."},
        {"role":"assistant","content":[
          {"type":"thinking","thinking":"Read both files.","signature":"EqQBCgIYAhIM"},
          {"type":"text","text":"Reading."},
          {"type":"tool_use","id":"toolu_01","name":"read_file","input":{"path":"pom.xml"}},
          {"type":"tool_use","id":"toolu_02","name":"read_file","input":{"path":"App.java"}}]},
        {"role":"user","content":[
          {"type":"tool_result","tool_use_id":"toolu_01","content":"<project/>"},
          {"type":"tool_result","tool_use_id":"toolu_02","content":[{"type":"text","text":"class App {}"}],
           "is_error":true}]},
        {"role":"assistant","content":[{"type":"tool_use","id":"toolu_03","name":"run","input":{"cmd":"mvn -q"}}]},
        {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_03","content":"BUILD SUCCESS"},
          {"type":"text","text":"Thanks"}]}]}""";

  @Test
  void readWriteReadKeepsAMultiTurnToolConversation() {
    Conversation first = format().readRequest(json(MULTI_TURN_TOOLS), clientSide());
    JsonNode written = format().writeRequest(first, upstreamSide());
    Conversation second = format().readRequest(written, clientSide());
    assertThat(second.turns()).isEqualTo(first.turns());
    assertThat(second.system()).isEqualTo(first.system());
    assertThat(second.tools()).isEqualTo(first.tools());
    assertThat(second.toolChoice()).isEqualTo(first.toolChoice());
    assertThat(second.parallelToolCalls()).isEqualTo(first.parallelToolCalls());
    assertThat(second.reasoning()).isEqualTo(first.reasoning());
    assertThat(second.maxTokens()).isEqualTo(4096);
  }

  @Test
  void callIdsStayOneToOne() {
    Conversation c = format().readRequest(json(MULTI_TURN_TOOLS), clientSide());
    JsonNode written = format().writeRequest(c, upstreamSide());
    assertThat(written.findValuesAsText("id")).containsExactly("toolu_01", "toolu_02", "toolu_03");
    assertThat(written.findValuesAsText("tool_use_id")).containsExactly("toolu_01", "toolu_02", "toolu_03");
    assertThat(c.turns().stream().flatMap(t -> t.parts().stream())
        .filter(Content.ToolCall.class::isInstance).map(p -> ((Content.ToolCall) p).id()))
        .containsExactly("toolu_01", "toolu_02", "toolu_03");
  }
}

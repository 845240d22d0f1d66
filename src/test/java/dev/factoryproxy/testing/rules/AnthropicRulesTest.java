package dev.factoryproxy.testing.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.translate.JsonTrees;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each rule: a body it accepts and one it refuses, with the message naming the fault. */
class AnthropicRulesTest {

  /** A tool round trip with thinking, as Anthropic's tool-use guide shows it: every rule satisfied. */
  private static final String VALID = """
      {"model":"claude-sonnet-4-5-20250929","max_tokens":4096,
       "thinking":{"type":"enabled","budget_tokens":2048},
       "messages":[
        {"role":"user","content":"Weather in Paris?"},
        {"role":"assistant","content":[
          {"type":"thinking","thinking":"I should call the tool.","signature":"EqQBCgIYAh"},
          {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris"}}]},
        {"role":"user","content":[
          {"type":"tool_result","tool_use_id":"toolu_1","content":"18C"},
          {"type":"text","text":"and be brief"}]},
        {"role":"assistant","content":[{"type":"tool_use","id":"toolu_2","name":"get_weather","input":{}}]}]}
      """;

  @Test
  void aValidToolConversationPasses() {
    assertThat(check(VALID)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      model missing          | {"max_tokens":10,"messages":[{"role":"user","content":"hi"}]} | model is required
      max_tokens missing     | {"model":"m","messages":[{"role":"user","content":"hi"}]} | max_tokens: field required
      max_tokens zero        | {"model":"m","max_tokens":0,"messages":[{"role":"user","content":"hi"}]} | max_tokens: must be an integer >= 1
      messages empty         | {"model":"m","max_tokens":10,"messages":[]} | messages: must be a non-empty array
      system role inside     | {"model":"m","max_tokens":10,"messages":[{"role":"system","content":"be nice"},{"role":"user","content":"hi"}]} | messages.0.role: "system" is not a message role
      unknown role           | {"model":"m","max_tokens":10,"messages":[{"role":"tool","content":"x"}]} | messages.0.role: must be "user" or "assistant"
      two users in a row     | {"model":"m","max_tokens":10,"messages":[{"role":"user","content":"a"},{"role":"user","content":"b"}]} | messages.1.role: roles must alternate
      tool_result unasked    | {"model":"m","max_tokens":10,"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"},{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_x","content":"r"}]}]} | messages.2.content.0: unexpected tool_use_id "toolu_x"
      tool_result after text | {"model":"m","max_tokens":10,"messages":[{"role":"user","content":"a"},{"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"f","input":{}}]},{"role":"user","content":[{"type":"text","text":"x"},{"type":"tool_result","tool_use_id":"t1","content":"r"}]}]} | messages.2.content.1: tool_result blocks must come before any other content
      tool_use unanswered    | {"model":"m","max_tokens":10,"messages":[{"role":"user","content":"a"},{"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"f","input":{}}]},{"role":"user","content":"no result"}]} | messages.1: tool_use ids were found without tool_result blocks immediately after: t1
      thinking unsigned      | {"model":"m","max_tokens":10,"messages":[{"role":"user","content":"a"},{"role":"assistant","content":[{"type":"thinking","thinking":"hm"}]}]} | messages.1.content.0.thinking.signature: field required
      budget below 1024      | {"model":"m","max_tokens":4096,"thinking":{"type":"enabled","budget_tokens":512},"messages":[{"role":"user","content":"a"}]} | thinking.enabled.budget_tokens: input should be greater than or equal to 1024
      budget not below max   | {"model":"m","max_tokens":2048,"thinking":{"type":"enabled","budget_tokens":2048},"messages":[{"role":"user","content":"a"}]} | max_tokens must be greater than thinking.budget_tokens
      thinking dropped in loop | {"model":"m","max_tokens":4096,"thinking":{"type":"enabled","budget_tokens":1024},"messages":[{"role":"user","content":"a"},{"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"f","input":{}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"r"}]}]} | messages.1.content.0.type: Expected `thinking` or `redacted_thinking`, but found `tool_use`
      """)
  void aBrokenRuleIsNamed(String rule, String body, String expected) {
    assertThat(check(body)).as(rule).anySatisfy(v -> assertThat(v).contains(expected));
  }

  @Test
  void aLastAssistantToolUseNeedsNoResultYet() {
    String body = """
        {"model":"m","max_tokens":10,"messages":[{"role":"user","content":"a"},
         {"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"f","input":{}}]}]}""";
    assertThat(check(body)).isEmpty();
  }

  @Test
  void adaptiveThinkingHasNoBudgetToCheck() {
    String body = """
        {"model":"m","max_tokens":10,"thinking":{"type":"adaptive"},"messages":[{"role":"user","content":"a"}]}""";
    assertThat(check(body)).isEmpty();
  }

  private static List<String> check(String body) {
    return RequestRules.anthropic(JsonTrees.parse(body));
  }
}

package dev.factoryproxy.testing.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.translate.JsonTrees;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChatRulesTest {

  /** Two parallel tool calls answered by two tool messages, as OpenAI's function-calling guide shows. */
  private static final String VALID = """
      {"model":"glm-4.7","stream":true,"stream_options":{"include_usage":true},
       "messages":[
        {"role":"system","content":"be brief"},
        {"role":"user","content":"Weather in Paris and Rome?"},
        {"role":"assistant","content":null,"tool_calls":[
          {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
          {"id":"call_2","type":"function","function":{"name":"get_weather","arguments":""}}]},
        {"role":"tool","tool_call_id":"call_1","content":"18C"},
        {"role":"tool","tool_call_id":"call_2","content":"25C"},
        {"role":"user","content":"thanks"}]}
      """;

  @Test
  void aValidToolConversationPasses() {
    assertThat(check(VALID)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      model missing            | {"messages":[{"role":"user","content":"hi"}]} | model is required
      messages empty           | {"model":"m","messages":[]} | messages: must be a non-empty array
      tool without a call      | {"model":"m","messages":[{"role":"user","content":"a"},{"role":"tool","tool_call_id":"call_1","content":"r"}]} | messages.1: messages with role 'tool' must be a response to a preceding message with 'tool_calls'
      tool after a user        | {"model":"m","messages":[{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"user","content":"x"},{"role":"tool","tool_call_id":"c1","content":"r"}]} | messages.2: messages with role 'tool'
      tool with another id     | {"model":"m","messages":[{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c2","content":"r"}]} | (tool_call_id "c2")
      call without id          | {"model":"m","messages":[{"role":"assistant","tool_calls":[{"type":"function","function":{"name":"f","arguments":"{}"}}]}]} | messages.0.tool_calls.0: id is required
      call of another type     | {"model":"m","messages":[{"role":"assistant","tool_calls":[{"id":"c1","type":"tool","function":{"name":"f","arguments":"{}"}}]}]} | messages.0.tool_calls.0.type: must be "function"
      call without a name      | {"model":"m","messages":[{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"arguments":"{}"}}]}]} | messages.0.tool_calls.0.function: name is required
      arguments as an object   | {"model":"m","messages":[{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":{}}}]}]} | messages.0.tool_calls.0.function: arguments must be a string
      stream_options unstreamed| {"model":"m","stream_options":{"include_usage":true},"messages":[{"role":"user","content":"a"}]} | stream_options: The 'stream_options' parameter is only allowed when 'stream' is enabled.
      """)
  void aBrokenRuleIsNamed(String rule, String body, String expected) {
    assertThat(check(body)).as(rule).anySatisfy(v -> assertThat(v).contains(expected));
  }

  private static List<String> check(String body) {
    return RequestRules.chat(JsonTrees.parse(body));
  }
}

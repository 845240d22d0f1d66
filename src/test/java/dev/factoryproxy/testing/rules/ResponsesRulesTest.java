package dev.factoryproxy.testing.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.translate.JsonTrees;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponsesRulesTest {

  /** A function-calling round trip as the Responses guide shows it, with the reasoning item kept. */
  private static final String VALID = """
      {"model":"gpt-5.4","max_output_tokens":16,
       "input":[
        {"role":"user","content":"Weather in Paris?"},
        {"type":"reasoning","id":"rs_1","summary":[],"encrypted_content":"gAAAA"},
        {"type":"function_call","call_id":"call_1","name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"},
        {"type":"function_call_output","call_id":"call_1","output":"18C"},
        {"type":"message","role":"assistant","content":[{"type":"output_text","text":"18C"}]}]}
      """;

  @Test
  void aValidToolConversationPasses() {
    assertThat(check(VALID)).isEmpty();
  }

  @Test
  void aStringInputPasses() {
    assertThat(check("{\"model\":\"gpt-5.4\",\"input\":\"hi\"}")).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      model missing          | {"input":"hi"} | model is required
      input missing          | {"model":"m"} | input: field required
      input a number         | {"model":"m","input":3} | input: must be a string or an array
      message without role   | {"model":"m","input":[{"type":"message","content":"hi"}]} | input.0.role: must be one of
      message without content| {"model":"m","input":[{"role":"user"}]} | input.0.content: must be a string or an array
      call without call_id   | {"model":"m","input":[{"type":"function_call","name":"f","arguments":"{}"}]} | input.0: call_id is required
      call without name      | {"model":"m","input":[{"type":"function_call","call_id":"c","arguments":"{}"}]} | input.0: name is required
      arguments an object    | {"model":"m","input":[{"type":"function_call","call_id":"c","name":"f","arguments":{}}]} | input.0: arguments must be a string
      output without output  | {"model":"m","input":[{"type":"function_call","call_id":"c","name":"f","arguments":"{}"},{"type":"function_call_output","call_id":"c"}]} | input.1.output: must be a string or an array
      output of no call      | {"model":"m","input":[{"type":"function_call_output","call_id":"call_9","output":"r"}]} | input.0: No tool call found for function call output with call_id call_9.
      output before its call | {"model":"m","input":[{"type":"function_call_output","call_id":"c","output":"r"},{"type":"function_call","call_id":"c","name":"f","arguments":"{}"}]} | No tool call found for function call output with call_id c.
      max_output_tokens 15   | {"model":"m","input":"hi","max_output_tokens":15} | max_output_tokens: integer below minimum value. Expected a value >= 16
      """)
  void aBrokenRuleIsNamed(String rule, String body, String expected) {
    assertThat(check(body)).as(rule).anySatisfy(v -> assertThat(v).contains(expected));
  }

  private static List<String> check(String body) {
    return RequestRules.responses(JsonTrees.parse(body));
  }
}

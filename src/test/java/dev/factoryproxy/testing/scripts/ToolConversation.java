package dev.factoryproxy.testing.scripts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.factoryproxy.testing.Recorded;
import dev.factoryproxy.testing.Reply;
import dev.factoryproxy.testing.rules.RequestRules;
import java.util.List;
import java.util.function.Function;

/**
 * A model that uses a tool once: while the conversation's last turn is not a tool result it
 * answers with the tool calls; once a tool result came back it answers with the final text. So a
 * multi-turn SDK conversation (user, tool call, tool result, final text) runs against the mock:
 * <pre>
 * mock.reply(ToolConversation.calling(new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"))
 *     .thenAnswering("It is 18 °C in Paris."));
 * </pre>
 */
public record ToolConversation(ScriptedAnswer toolTurn, ScriptedAnswer finalTurn) implements Function<Recorded, Reply> {

  public static Builder calling(ToolCall... calls) {
    return new Builder(ScriptedAnswer.calling(calls));
  }

  /** Both answers with reasoning first, as a thinking model gives them. */
  public ToolConversation withReasoning(String reasoning) {
    return new ToolConversation(toolTurn.withReasoning(reasoning), finalTurn.withReasoning(reasoning));
  }

  @Override
  public Reply apply(Recorded request) {
    return ToolScripts.reply(request, lastTurnIsToolResult(request) ? finalTurn : toolTurn);
  }

  /** Whether the request's last turn carries a tool result, in whichever API it speaks. */
  public static boolean lastTurnIsToolResult(Recorded request) {
    JsonNode body = ToolScripts.body(request);
    return RequestRules.apiOf(request).map(api -> switch (api) {
      case MESSAGES -> anthropicToolResult(last(body.path("messages")));
      case CHAT -> "tool".equals(last(body.path("messages")).path("role").asText());
      case RESPONSES -> "function_call_output".equals(last(body.path("input")).path("type").asText());
    }).orElse(false);
  }

  private static boolean anthropicToolResult(JsonNode message) {
    JsonNode content = message.path("content");
    for (JsonNode block : content) {
      if ("tool_result".equals(block.path("type").asText())) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode last(JsonNode array) {
    return array.isArray() && !array.isEmpty() ? array.get(array.size() - 1) : MissingNode.getInstance();
  }

  /** The tool turn is set; the final text is next. */
  public record Builder(ScriptedAnswer toolTurn) {
    public ToolConversation thenAnswering(String text) {
      return new ToolConversation(toolTurn, ScriptedAnswer.text(text));
    }
  }

  /** The calls the tool turn makes. */
  public List<ToolCall> calls() {
    return toolTurn.calls();
  }
}

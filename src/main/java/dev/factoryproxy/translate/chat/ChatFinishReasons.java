package dev.factoryproxy.translate.chat;

import dev.factoryproxy.translate.model.StopReason;

/**
 * Chat's {@code finish_reason} and the common {@link StopReason}.
 *
 * <table>
 *   <caption>Upstream to common</caption>
 *   <tr><td>{@code stop}</td><td>END_TURN</td></tr>
 *   <tr><td>{@code length}</td><td>MAX_TOKENS</td></tr>
 *   <tr><td>{@code tool_calls}, {@code function_call}</td><td>TOOL_USE</td></tr>
 *   <tr><td>{@code content_filter}</td><td>REFUSAL</td></tr>
 *   <tr><td>anything else</td><td>{@code null} (unknown)</td></tr>
 * </table>
 *
 * <table>
 *   <caption>Common to client</caption>
 *   <tr><td>END_TURN, STOP_SEQUENCE, PAUSE_TURN, {@code null}</td><td>{@code stop}</td></tr>
 *   <tr><td>MAX_TOKENS</td><td>{@code length}</td></tr>
 *   <tr><td>TOOL_USE</td><td>{@code tool_calls}</td></tr>
 *   <tr><td>REFUSAL</td><td>{@code content_filter}</td></tr>
 * </table>
 */
final class ChatFinishReasons {

  private ChatFinishReasons() {
  }

  static StopReason read(String finishReason) {
    if (finishReason == null) {
      return null;
    }
    return switch (finishReason) {
      case "stop" -> StopReason.END_TURN;
      case "length" -> StopReason.MAX_TOKENS;
      case "tool_calls", "function_call" -> StopReason.TOOL_USE;
      case "content_filter" -> StopReason.REFUSAL;
      default -> null;
    };
  }

  /** A Chat client always gets a finish reason; an unknown one reads as a plain stop. */
  static String write(StopReason reason) {
    if (reason == null) {
      return "stop";
    }
    return switch (reason) {
      case END_TURN, STOP_SEQUENCE, PAUSE_TURN -> "stop";
      case MAX_TOKENS -> "length";
      case TOOL_USE -> "tool_calls";
      case REFUSAL -> "content_filter";
    };
  }
}

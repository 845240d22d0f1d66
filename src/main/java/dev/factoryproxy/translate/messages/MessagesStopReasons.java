package dev.factoryproxy.translate.messages;

import dev.factoryproxy.translate.model.StopReason;

/**
 * Anthropic's {@code stop_reason} words.
 *
 * <table>
 *   <caption>stop_reason</caption>
 *   <tr><th>Anthropic</th><th>common</th></tr>
 *   <tr><td>end_turn</td><td>END_TURN</td></tr>
 *   <tr><td>max_tokens, model_context_window_exceeded (read only)</td><td>MAX_TOKENS</td></tr>
 *   <tr><td>tool_use</td><td>TOOL_USE</td></tr>
 *   <tr><td>stop_sequence</td><td>STOP_SEQUENCE</td></tr>
 *   <tr><td>refusal</td><td>REFUSAL</td></tr>
 *   <tr><td>pause_turn</td><td>PAUSE_TURN</td></tr>
 *   <tr><td>absent / null</td><td>null</td></tr>
 *   <tr><td>any other word (read only)</td><td>END_TURN</td></tr>
 * </table>
 */
final class MessagesStopReasons {

  private MessagesStopReasons() {
  }

  /** {@code null} for none; an unknown, newer reason reads as a normal end rather than failing the answer. */
  static StopReason read(String reason) {
    if (reason == null) {
      return null;
    }
    return switch (reason) {
      case "max_tokens", "model_context_window_exceeded" -> StopReason.MAX_TOKENS;
      case "tool_use" -> StopReason.TOOL_USE;
      case "stop_sequence" -> StopReason.STOP_SEQUENCE;
      case "refusal" -> StopReason.REFUSAL;
      case "pause_turn" -> StopReason.PAUSE_TURN;
      default -> StopReason.END_TURN;
    };
  }

  /** {@code null} for none. */
  static String write(StopReason reason) {
    if (reason == null) {
      return null;
    }
    return switch (reason) {
      case END_TURN -> "end_turn";
      case MAX_TOKENS -> "max_tokens";
      case TOOL_USE -> "tool_use";
      case STOP_SEQUENCE -> "stop_sequence";
      case REFUSAL -> "refusal";
      case PAUSE_TURN -> "pause_turn";
    };
  }
}

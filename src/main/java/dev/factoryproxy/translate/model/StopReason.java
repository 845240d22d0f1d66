package dev.factoryproxy.translate.model;

/** Why the model stopped. Each format has its own words; see each format's reader and writer. */
public enum StopReason {
  /** Anthropic {@code end_turn}, Chat {@code stop}, Responses {@code completed}. */
  END_TURN,
  /** Anthropic {@code max_tokens}, Chat {@code length}, Responses {@code incomplete: max_output_tokens}. */
  MAX_TOKENS,
  /** Anthropic {@code tool_use}, Chat {@code tool_calls}. */
  TOOL_USE,
  /** Anthropic {@code stop_sequence}, Chat {@code stop}. */
  STOP_SEQUENCE,
  /** Anthropic {@code refusal}, Chat {@code content_filter}, Responses {@code incomplete: content_filter}. */
  REFUSAL,
  /** Anthropic {@code pause_turn}: a server tool's long turn was paused; Chat {@code stop}. */
  PAUSE_TURN
}

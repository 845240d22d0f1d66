package dev.factoryproxy.translate.model;

/** The kinds of output block a model produces, in every format's terms. */
public enum BlockKind {
  /** Answer text. */
  TEXT,
  /** Visible reasoning (Anthropic {@code thinking}, Chat {@code reasoning_content}, a Responses reasoning summary). */
  THINKING,
  /** Hidden reasoning: Anthropic {@code redacted_thinking}. */
  REDACTED_THINKING,
  /** A call of a client tool. */
  TOOL_CALL
}

package dev.factoryproxy.translate.model;

/**
 * Who speaks a turn. System text is not a turn ({@link Conversation#system()}); tool results
 * are {@link Content.ToolResult} parts of a user turn, as in Anthropic Messages.
 */
public enum Role {
  USER,
  ASSISTANT
}

package dev.factoryproxy.testing.scripts;

import java.util.List;

/**
 * What a scripted model answers, independent of the wire format that carries it: reasoning
 * first (when not null), then text (when not null), then tool calls. Each format renders it
 * ({@link AnthropicScript}, {@link ChatScript}, {@link ResponsesScript}).
 *
 * @param reasoning the thinking / reasoning summary text, or null for none
 * @param signature the opaque proof of that reasoning (Anthropic's signature, Responses' encrypted_content)
 */
public record ScriptedAnswer(String reasoning, String signature, String text, List<ToolCall> calls, ScriptedUsage usage) {

  /** The signature every scripted reasoning carries, so a test can look for it after a round trip. */
  public static final String SIGNATURE = "EqQBCkgIARABGAIiQL0mock+signature/AA==";

  public ScriptedAnswer {
    calls = List.copyOf(calls);
  }

  public static ScriptedAnswer text(String text) {
    return new ScriptedAnswer(null, null, text, List.of(), ScriptedUsage.typical());
  }

  public static ScriptedAnswer calling(ToolCall... calls) {
    return new ScriptedAnswer(null, null, null, List.of(calls), ScriptedUsage.typical());
  }

  /** The same answer with reasoning first, signed as the upstream signs it. */
  public ScriptedAnswer withReasoning(String reasoning) {
    return new ScriptedAnswer(reasoning, SIGNATURE, text, calls, usage);
  }

  /** The same answer with a text before its tool calls ("Let me check the weather."). */
  public ScriptedAnswer withText(String text) {
    return new ScriptedAnswer(reasoning, signature, text, calls, usage);
  }

  public ScriptedAnswer withUsage(ScriptedUsage usage) {
    return new ScriptedAnswer(reasoning, signature, text, calls, usage);
  }

  public boolean callsTools() {
    return !calls.isEmpty();
  }
}

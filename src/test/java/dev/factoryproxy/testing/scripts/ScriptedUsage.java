package dev.factoryproxy.testing.scripts;

/**
 * The tokens a scripted answer reports.
 *
 * @param input every input token, cached ones included (OpenAI's count; Anthropic's
 *     {@code input_tokens} is {@code input - cached})
 * @param cached input tokens read from the prompt cache
 * @param output every output token, reasoning included
 * @param reasoning output tokens spent on reasoning
 */
public record ScriptedUsage(int input, int cached, int output, int reasoning) {

  public static ScriptedUsage typical() {
    return new ScriptedUsage(1200, 1024, 60, 20);
  }
}

package dev.factoryproxy.translate;

import dev.factoryproxy.error.ErrorFormat;
import java.util.Locale;

/** The three APIs Factory AI serves, each one on its own upstream path. */
public enum WireApi {
  /** Anthropic Messages, {@code a/v1/messages}: Claude. */
  MESSAGES("messages", "Anthropic Messages", "a/v1/messages", ErrorFormat.ANTHROPIC),
  /** OpenAI Responses, {@code o/v1/responses}: GPT. */
  RESPONSES("responses", "OpenAI Responses", "o/v1/responses", ErrorFormat.OPENAI),
  /** OpenAI Chat Completions, {@code o/v1/chat/completions}: GLM, Kimi and the like. */
  CHAT("chat", "Chat Completions", "o/v1/chat/completions", ErrorFormat.OPENAI);

  private final String id;
  private final String title;
  private final String upstreamPath;
  private final ErrorFormat errorFormat;

  WireApi(String id, String title, String upstreamPath, ErrorFormat errorFormat) {
    this.id = id;
    this.title = title;
    this.upstreamPath = upstreamPath;
    this.errorFormat = errorFormat;
  }

  /** The name used in configuration ({@code "api": "messages"}), logs and metrics. */
  public String id() {
    return id;
  }

  /** The API's name in words, for messages to people ({@code "Anthropic Messages"}). */
  public String title() {
    return title;
  }

  /** Where Factory serves this API, relative to {@code FACTORY_BASE_URL}. */
  public String upstreamPath() {
    return upstreamPath;
  }

  public ErrorFormat errorFormat() {
    return errorFormat;
  }

  /** @throws IllegalArgumentException for a name that is none of the three */
  public static WireApi parse(String name) {
    for (WireApi api : values()) {
      if (api.id.equals(name.trim().toLowerCase(Locale.ROOT))) {
        return api;
      }
    }
    throw new IllegalArgumentException(name);
  }

  /** The API an upstream path speaks, or {@code null} when it is none of the three. */
  public static WireApi ofUpstreamPath(String path) {
    for (WireApi api : values()) {
      if (path.endsWith(api.upstreamPath.substring(2))) {
        return api;
      }
    }
    return null;
  }
}

package dev.factoryproxy.translate.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tool the model may call.
 *
 * @param kind what sort of tool it is; only {@link Kind#FUNCTION} exists in every format
 * @param name the name the model sees and calls
 * @param description may be {@code null}
 * @param parameters the JSON Schema of the arguments ({@code parameters} / {@code input_schema});
 *     {@code null} for a tool without arguments
 * @param strict OpenAI's {@code strict}, or {@code null}
 * @param cacheControl Anthropic's {@code cache_control}, or {@code null}
 * @param raw for a hosted tool, the client's own definition, for a writer that can carry it
 */
public record ToolSpec(Kind kind, String name, String description, JsonNode parameters, Boolean strict,
                       JsonNode cacheControl, JsonNode raw) {

  public enum Kind {
    /** A function the client runs: name, description, JSON Schema. */
    FUNCTION,
    /** A hosted web search (Responses {@code web_search}, Anthropic {@code web_search_20250305}). */
    WEB_SEARCH
  }

  public static ToolSpec function(String name, String description, JsonNode parameters, Boolean strict,
                                  JsonNode cacheControl) {
    return new ToolSpec(Kind.FUNCTION, name, description, parameters, strict, cacheControl, null);
  }
}

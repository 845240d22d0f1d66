package dev.factoryproxy.translate.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A structured-output request: Chat {@code response_format}, Responses {@code text.format}.
 *
 * @param type {@code json_object} or {@code json_schema} ({@code text} is no constraint and is not kept)
 * @param name the schema's name, for {@code json_schema}
 * @param schema the JSON Schema, for {@code json_schema}
 * @param strict OpenAI's {@code strict}, or {@code null}
 */
public record ResponseFormat(String type, String name, JsonNode schema, Boolean strict) {
}

package dev.factoryproxy.translate.messages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factoryproxy.translate.TranslationException;
import dev.factoryproxy.translate.model.Reasoning;
import dev.factoryproxy.translate.model.ResponseFormat;

/**
 * Reads what a Messages request says of thinking ({@code thinking}, {@code output_config.effort})
 * and of structured output ({@code output_config.format}, the beta {@code output_format}).
 */
final class MessagesReasoningReader {

  /** Anthropic's default effort for adaptive thinking. */
  private static final String ADAPTIVE_DEFAULT_EFFORT = "high";

  private MessagesReasoningReader() {
  }

  /** {@code null} when the request says nothing of thinking. */
  static Reasoning reasoning(JsonNode body) {
    JsonNode thinking = body.get("thinking");
    String effort = effort(body.path("output_config").path("effort").asText(null));
    if (thinking == null || thinking.isNull()) {
      return effort == null ? null : Reasoning.effort(effort);
    }
    String type = thinking.path("type").asText("");
    return switch (type) {
      case "enabled" -> Reasoning.budget(budget(thinking));
      case "disabled" -> Reasoning.DISABLED;
      case "adaptive" -> Reasoning.effort(effort != null ? effort : ADAPTIVE_DEFAULT_EFFORT);
      default -> throw new TranslationException("thinking.type", "\"thinking.type\": unknown type \"" + type + "\"");
    };
  }

  /** Anthropic's {@code max} is the top effort, which the budgets table calls {@code xhigh}. */
  private static String effort(String effort) {
    return "max".equals(effort) ? "xhigh" : effort;
  }

  private static int budget(JsonNode thinking) {
    JsonNode budget = thinking.get("budget_tokens");
    if (budget == null || !budget.isIntegralNumber()) {
      throw new TranslationException("thinking.budget_tokens",
          "\"thinking.budget_tokens\" is required when thinking is enabled");
    }
    return budget.asInt();
  }

  /**
   * A JSON-schema output constraint, or {@code null}. Anthropic's structured outputs are always
   * strict and unnamed; the name is the one OpenAI requires.
   */
  static ResponseFormat responseFormat(JsonNode body) {
    JsonNode format = body.path("output_config").get("format");
    String field = "output_config.format.type";
    if (format == null || format.isNull()) {
      format = body.get("output_format");
      field = "output_format.type";
    }
    if (format == null || format.isNull()) {
      return null;
    }
    String type = format.path("type").asText("");
    if (!type.equals("json_schema")) {
      throw new TranslationException(field, "\"" + field + "\": unknown type \"" + type + "\"");
    }
    return new ResponseFormat("json_schema", "response", format.get("schema"), Boolean.TRUE);
  }
}

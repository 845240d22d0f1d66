package dev.factoryproxy.translate.responses;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.TranslationException;

/**
 * A Responses {@code custom} (freeform) tool takes raw text; a model without custom tools gets a
 * function with one string argument, {@code input}, instead. These convert between the two.
 */
final class CustomToolArguments {

  static final String FIELD = "input";

  private CustomToolArguments() {
  }

  /** The arguments JSON for a custom call's input. */
  static String wrap(String input) {
    return JsonTrees.write(JsonTrees.object().put(FIELD, input));
  }

  /**
   * The input string inside a function call's arguments; the arguments as they are when the
   * model wrote something else (a client's tool still gets what the model said).
   */
  static String unwrap(String arguments) {
    if (arguments == null || arguments.isBlank()) {
      return "";
    }
    try {
      JsonNode parsed = JsonTrees.parse(arguments);
      JsonNode input = parsed.get(FIELD);
      if (parsed.isObject() && input != null && input.isTextual()) {
        return input.asText();
      }
    } catch (TranslationException notJson) {
      // fall through: the model's text is the best input there is
    }
    return arguments;
  }
}

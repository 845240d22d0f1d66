package dev.factoryproxy.config;

import dev.factoryproxy.translate.ReasoningBudgets;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code REASONING_BUDGETS}: effort to {@code budget_tokens}, as a JSON object or as
 * {@code low=4096,medium=10000}. The entries given replace or add to
 * {@link ReasoningBudgets#DEFAULTS}, so setting one effort in {@code .env} does not drop the others.
 */
final class ReasoningBudgetsReader {

  /** Anthropic refuses a thinking budget below this. */
  static final int MIN_BUDGET = 1024;

  private static final String SETTING = Setting.REASONING_BUDGETS.name();

  private ReasoningBudgetsReader() {
  }

  static ReasoningBudgets read(Object raw) {
    Map<String, Object> given = entries(raw);
    if (given.isEmpty()) {
      return ReasoningBudgets.DEFAULTS;
    }
    Map<String, Integer> budgets = new LinkedHashMap<>(ReasoningBudgets.DEFAULTS.budgets());
    given.forEach((effort, budget) -> budgets.put(effort, budget(effort, budget)));
    checkDistinct(budgets);
    return new ReasoningBudgets(budgets);
  }

  private static Map<String, Object> entries(Object raw) {
    Map<String, Object> entries = new LinkedHashMap<>();
    if (raw == null || raw instanceof String text && text.isBlank()) {
      return entries;
    }
    if (raw instanceof String text && text.trim().startsWith("{")) {
      raw = parse(text);
    }
    if (raw instanceof JsonObject json) {
      json.forEach(e -> entries.put(e.getKey().trim(), e.getValue()));
    } else if (raw instanceof String text) {
      for (String part : text.split(",")) {
        String pair = part.trim();
        int eq = pair.indexOf('=');
        if (pair.isEmpty()) {
          continue;
        }
        if (eq <= 0 || eq == pair.length() - 1) {
          throw new ConfigException(SETTING + " must be a JSON object or effort=budget pairs separated by commas, "
              + "got '" + pair + "'");
        }
        entries.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
    } else {
      throw new ConfigException(SETTING + " must be a JSON object of effort to budget_tokens");
    }
    for (String effort : entries.keySet()) {
      if (effort.isEmpty()) {
        throw new ConfigException(SETTING + ": an effort name is empty");
      }
    }
    return entries;
  }

  private static JsonObject parse(String text) {
    try {
      return new JsonObject(text);
    } catch (DecodeException e) {
      throw new ConfigException(SETTING + " starts like a JSON object but is not one");
    }
  }

  private static int budget(String effort, Object value) {
    long budget;
    if (value instanceof Integer || value instanceof Long) {
      budget = ((Number) value).longValue();
    } else if (value instanceof String text && text.matches("\\d{1,10}")) {
      budget = Long.parseLong(text);
    } else {
      throw invalid(effort, value);
    }
    if (budget < MIN_BUDGET || budget > Integer.MAX_VALUE) {
      throw invalid(effort, value);
    }
    return (int) budget;
  }

  /** The way back, from a budget to an effort, needs one effort per budget. */
  private static void checkDistinct(Map<String, Integer> budgets) {
    Map<Integer, String> seen = new HashMap<>();
    budgets.forEach((effort, budget) -> {
      String other = seen.putIfAbsent(budget, effort);
      if (other != null) {
        throw new ConfigException(SETTING + ": " + other + " and " + effort + " both have " + budget
            + "; each effort needs its own budget");
      }
    });
  }

  private static ConfigException invalid(String effort, Object value) {
    return new ConfigException(SETTING + ": " + effort + " must be a whole number of tokens of at least "
        + MIN_BUDGET + " (Anthropic's least thinking budget), got '" + value + "'");
  }
}

package dev.factoryproxy.translate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code REASONING_BUDGETS} table: OpenAI's reasoning efforts and the Anthropic thinking
 * budget each stands for. Toward Anthropic an effort becomes its budget; back from Anthropic a
 * budget becomes the effort with the nearest budget not above it (the lowest effort for
 * anything smaller).
 *
 * @param budgets effort name to {@code budget_tokens}, ascending by budget
 */
public record ReasoningBudgets(Map<String, Integer> budgets) {

  /** minimal 1,024 (Anthropic's least), low 4,096, medium 10,000, high 32,000, xhigh 64,000. */
  public static final ReasoningBudgets DEFAULTS = new ReasoningBudgets(ordered(
      "minimal", 1024, "low", 4096, "medium", 10_000, "high", 32_000, "xhigh", 64_000));

  public ReasoningBudgets {
    LinkedHashMap<String, Integer> sorted = new LinkedHashMap<>();
    budgets.entrySet().stream().sorted(Map.Entry.comparingByValue())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    budgets = java.util.Collections.unmodifiableMap(sorted);
  }

  /** The budget for an effort, or {@code null} when the table does not know it. */
  public Integer budget(String effort) {
    return effort == null ? null : budgets.get(effort);
  }

  /** The effort for a budget. */
  public String effort(int budgetTokens) {
    String chosen = null;
    for (Map.Entry<String, Integer> e : budgets.entrySet()) {
      if (chosen == null || e.getValue() <= budgetTokens) {
        chosen = e.getKey();
      }
    }
    return chosen;
  }

  private static Map<String, Integer> ordered(Object... pairs) {
    Map<String, Integer> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], (Integer) pairs[i + 1]);
    }
    return map;
  }
}

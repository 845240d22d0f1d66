package dev.factoryproxy.translate.model;

/**
 * How hard the model should think. Formats carry one of the two; writers convert with the
 * {@code REASONING_BUDGETS} table ({@link dev.factoryproxy.translate.ReasoningBudgets}).
 *
 * @param effort OpenAI's {@code reasoning_effort} / {@code reasoning.effort}
 *     ({@code minimal}, {@code low}, {@code medium}, {@code high}, ...), or {@code null}
 * @param budgetTokens Anthropic's {@code thinking.budget_tokens}, or {@code null}
 * @param disabled whether the client turned thinking off explicitly
 *     ({@code thinking.type: disabled}, effort {@code none})
 */
public record Reasoning(String effort, Integer budgetTokens, boolean disabled) {

  public static Reasoning effort(String effort) {
    return new Reasoning(effort, null, false);
  }

  public static Reasoning budget(int budgetTokens) {
    return new Reasoning(null, budgetTokens, false);
  }

  public static final Reasoning DISABLED = new Reasoning(null, null, true);
}

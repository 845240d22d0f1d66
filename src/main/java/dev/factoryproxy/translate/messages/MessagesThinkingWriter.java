package dev.factoryproxy.translate.messages;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.ReasoningBudgets;
import dev.factoryproxy.translate.TranslationException;
import dev.factoryproxy.translate.model.Reasoning;

/**
 * Writes the common {@link Reasoning} as Anthropic's {@code thinking}: a budget as it is, an
 * effort through the {@code REASONING_BUDGETS} table, nothing for "disabled" or "not said".
 *
 * <p>Anthropic wants {@code budget_tokens < max_tokens} and {@code budget_tokens >= 1024}. A
 * budget that does not fit under {@code max_tokens} is lowered to {@code max_tokens - 1}; when
 * that is below 1,024 thinking is left off, since the client's output limit is the firmer of
 * the two wishes.
 */
final class MessagesThinkingWriter {

  static final int MIN_BUDGET = 1024;

  private MessagesThinkingWriter() {
  }

  /** The {@code thinking} object, or {@code null} when none is to be sent. */
  static ObjectNode thinking(Reasoning reasoning, int maxTokens, ReasoningBudgets budgets) {
    if (reasoning == null || reasoning.disabled()) {
      return null;
    }
    Integer budget = budget(reasoning, budgets);
    if (budget == null) {
      return null;
    }
    if (budget >= maxTokens) {
      if (maxTokens - 1 < MIN_BUDGET) {
        return null;
      }
      budget = maxTokens - 1;
    }
    return JsonTrees.object().put("type", "enabled").put("budget_tokens", budget);
  }

  private static Integer budget(Reasoning reasoning, ReasoningBudgets budgets) {
    if (reasoning.budgetTokens() != null) {
      return reasoning.budgetTokens();
    }
    if (reasoning.effort() == null) {
      return null;
    }
    Integer budget = budgets.budget(reasoning.effort());
    if (budget == null) {
      throw new TranslationException("reasoning_effort", "\"reasoning_effort\": the effort \""
          + reasoning.effort() + "\" has no thinking budget for Anthropic Messages (known: "
          + String.join(", ", budgets.budgets().keySet()) + ")");
    }
    return budget;
  }
}

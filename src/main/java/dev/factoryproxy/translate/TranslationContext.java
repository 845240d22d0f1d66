package dev.factoryproxy.translate;

import java.util.HashMap;
import java.util.Map;

/**
 * What one translated request needs to know on its way up and back down: the two formats, the
 * model the client named, the defaults of the model's catalog entry, and what the request's
 * reader learnt that the answer's writer needs (tool names the reader changed, whether the
 * client asked for a usage chunk). One per request, event-loop confined.
 */
public final class TranslationContext {

  /** How a tool name the model sees maps back to what the client defined. */
  public record ToolOrigin(Kind kind, String namespace, String name) {
    public enum Kind {
      /** A plain function tool: the name is unchanged. */
      FUNCTION,
      /** A Responses {@code custom} (freeform) tool, offered to the model as a function with one string argument. */
      CUSTOM,
      /** A function tool inside a Responses {@code namespace} tool, flattened under a joined name. */
      NAMESPACED
    }
  }

  private final WireApi client;
  private final WireApi upstream;
  private final String clientModel;
  private final int defaultMaxTokens;
  private final ReasoningBudgets reasoningBudgets;
  private final long createdEpochSeconds;
  private final Map<String, ToolOrigin> toolOrigins = new HashMap<>();
  private boolean clientWantsUsage;
  private Long estimatedInputTokens;

  /**
   * @param clientModel the model as the client named it, echoed in the answer
   * @param defaultMaxTokens the catalog's {@code max_tokens}, for a target that requires one
   * @param createdEpochSeconds the time stamped into answers that carry one ({@code created})
   */
  public TranslationContext(WireApi client, WireApi upstream, String clientModel, int defaultMaxTokens,
                            ReasoningBudgets reasoningBudgets, long createdEpochSeconds) {
    this.client = client;
    this.upstream = upstream;
    this.clientModel = clientModel;
    this.defaultMaxTokens = defaultMaxTokens;
    this.reasoningBudgets = reasoningBudgets;
    this.createdEpochSeconds = createdEpochSeconds;
  }

  /** The format the client speaks. */
  public WireApi client() {
    return client;
  }

  /** The format Factory serves the model in. */
  public WireApi upstream() {
    return upstream;
  }

  public String clientModel() {
    return clientModel;
  }

  public int defaultMaxTokens() {
    return defaultMaxTokens;
  }

  public ReasoningBudgets reasoningBudgets() {
    return reasoningBudgets;
  }

  public long createdEpochSeconds() {
    return createdEpochSeconds;
  }

  /** Records that the model sees a tool under {@code modelName}, which maps back to {@code origin}. */
  public void toolOrigin(String modelName, ToolOrigin origin) {
    toolOrigins.put(modelName, origin);
  }

  /** Where a tool name the model called came from; a plain function when nothing was recorded. */
  public ToolOrigin toolOrigin(String modelName) {
    ToolOrigin origin = toolOrigins.get(modelName);
    return origin != null ? origin : new ToolOrigin(ToolOrigin.Kind.FUNCTION, null, modelName);
  }

  /** Whether a Chat client asked for the usage chunk ({@code stream_options.include_usage}). */
  public boolean clientWantsUsage() {
    return clientWantsUsage;
  }

  public void clientWantsUsage(boolean wants) {
    this.clientWantsUsage = wants;
  }

  /**
   * A local count of the request's input tokens, for a client format that reports input usage
   * before the upstream has said it ({@code message_start}); {@code null} when not estimated.
   */
  public Long estimatedInputTokens() {
    return estimatedInputTokens;
  }

  public void estimatedInputTokens(Long tokens) {
    this.estimatedInputTokens = tokens;
  }
}

package dev.factoryproxy.translate.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A request in the common model: what every format's request reader produces and every
 * format's request writer consumes. Optional fields are {@code null} when the client did not
 * set them, so a writer never invents a value the client did not ask for.
 *
 * @param model the model to send upstream
 * @param system the system prompt's parts (text, with {@code cache_control} where given)
 * @param turns the conversation, in order; consecutive turns of one role are allowed here and
 *     merged by writers whose format forbids them
 * @param tools the tools the model may call
 * @param toolChoice {@code null} when not set
 * @param parallelToolCalls {@code null} when not set
 * @param maxTokens the output limit, or {@code null}
 * @param stop stop sequences; empty when none
 * @param user an end-user id ({@code user}, {@code metadata.user_id}, {@code safety_identifier})
 * @param reasoning {@code null} when the client said nothing of reasoning
 * @param responseFormat {@code null} when the client asked for no structured output
 * @param stream whether the client asked for a stream
 * @param hints fields that change nothing of the answer's meaning, by their name in the client's
 *     format (e.g. {@code prompt_cache_key}, {@code service_tier}); a writer passes those its
 *     format has and drops the rest (the README lists them)
 */
public record Conversation(
    String model,
    List<Content> system,
    List<Turn> turns,
    List<ToolSpec> tools,
    ToolChoice toolChoice,
    Boolean parallelToolCalls,
    Integer maxTokens,
    Double temperature,
    Double topP,
    List<String> stop,
    String user,
    Reasoning reasoning,
    ResponseFormat responseFormat,
    boolean stream,
    Map<String, JsonNode> hints) {

  public Conversation {
    system = List.copyOf(system);
    turns = List.copyOf(turns);
    tools = List.copyOf(tools);
    stop = List.copyOf(stop);
    hints = Map.copyOf(hints);
  }

  /** This request with another model, e.g. the catalog id an alias stands for. */
  public Conversation withModel(String other) {
    return new Conversation(other, system, turns, tools, toolChoice, parallelToolCalls, maxTokens, temperature,
        topP, stop, user, reasoning, responseFormat, stream, hints);
  }
}

package dev.factoryproxy.translate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.ObjectMappers;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseStreamEvent;
import dev.factoryproxy.testing.ProxyExtension;
import dev.factoryproxy.testing.Recorded;
import dev.factoryproxy.testing.scripts.ScriptedAnswer;
import dev.factoryproxy.testing.scripts.ToolConversation;
import dev.factoryproxy.translate.JsonTrees;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each SDK against a model Factory serves over another API: the proxy translates the request
 * (the mock Factory refuses, with the real API's 400, any request that API would refuse) and
 * translates the answer back, streamed and not, so that the SDK's own parser and accumulator
 * take it. Waits for the translators in the Router: until then a claude model on the Chat
 * route goes to the Chat upstream untranslated.
 */
@Tag("translation")
class TranslationSdkTest {

  private static final String CLAUDE = "claude-sonnet-4-5-20250929";
  private static final String GLM = "glm-4.7";
  private static final String GPT = "gpt-5.4";

  @RegisterExtension
  final ProxyExtension proxy = ProxyExtension.defaults();

  private OpenAIClient openai;
  private AnthropicClient anthropic;

  @BeforeEach
  void startClients() {
    proxy.upstream().validating(true)
        .reply(ToolConversation.calling(Sdks.PARIS).thenAnswering(Sdks.ANSWER));
    openai = Sdks.openai(proxy.port());
    anthropic = Sdks.anthropic(proxy.port());
  }

  @AfterEach
  void closeClients() {
    openai.close();
    anthropic.close();
  }

  // ---- OpenAI Chat Completions client ----------------------------------------------------

  private static ChatCompletionCreateParams.Builder weatherChat(String model) {
    return ChatCompletionCreateParams.builder().model(model).maxCompletionTokens(1024)
        .addUserMessage("Weather in Paris?").addFunctionTool(Sdks.chatTool());
  }

  @Test
  void streamedChatToClaudeAccumulatesAToolCall() {
    ChatCompletion completion = streamChat(weatherChat(CLAUDE).build());

    assertChatToolCall(completion);
    JsonNode sent = assertUpstream("/api/llm/a/v1/messages", "anthropic");
    assertThat(sent.path("model").asText()).isEqualTo(CLAUDE);
    assertThat(sent.path("stream").asBoolean()).isTrue();
    assertThat(sent.path("tools").get(0).path("name").asText()).isEqualTo(Sdks.TOOL);
    assertThat(sent.path("tools").get(0).path("input_schema").path("required").get(0).asText()).isEqualTo("city");
  }

  @Test
  void chatToClaudeNotStreamed() {
    ChatCompletion completion = openai.chat().completions().create(weatherChat(CLAUDE).build()).validate();

    assertChatToolCall(completion);
    assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(1200L);
    assertThat(completion.usage().orElseThrow().promptTokensDetails().orElseThrow().cachedTokens()).contains(1024L);
    assertThat(assertUpstream("/api/llm/a/v1/messages", "anthropic").path("stream").asBoolean(false)).isFalse();
  }

  @Test
  void threeTurnChatConversationWithClaude() {
    ChatCompletion first = openai.chat().completions().create(weatherChat(CLAUDE).build());
    ChatCompletionMessageFunctionToolCall call = functionCall(first);
    ChatCompletion second = openai.chat().completions().create(weatherChat(CLAUDE)
        .addMessage(first.choices().get(0).message())
        .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content("18 °C, sunny").build())
        .build());

    assertThat(proxy.upstream().violations()).isEmpty();
    assertThat(second.choices().get(0).message().content()).contains(Sdks.ANSWER);
    assertThat(second.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    JsonNode sent = assertUpstream(1, "/api/llm/a/v1/messages", "anthropic");
    JsonNode toolResult = sent.path("messages").get(2).path("content").get(0);
    assertThat(toolResult.path("type").asText()).isEqualTo("tool_result");
    assertThat(toolResult.path("tool_use_id").asText()).isEqualTo(Sdks.PARIS.id());
  }

  @Test
  void streamedChatToGptAccumulatesAToolCall() {
    ChatCompletion completion = streamChat(weatherChat(GPT).build());

    assertChatToolCall(completion);
    JsonNode sent = assertUpstream("/api/llm/o/v1/responses", "openai");
    assertThat(sent.path("model").asText()).isEqualTo(GPT);
    assertThat(sent.path("tools").get(0).path("type").asText()).isEqualTo("function");
    assertThat(sent.path("tools").get(0).path("name").asText()).isEqualTo(Sdks.TOOL);
  }

  @Test
  void streamedChatToClaudeKeepsTwoParallelToolCallsApart() {
    proxy.upstream().reply(ToolConversation.calling(Sdks.PARIS, Sdks.ROME).thenAnswering(Sdks.ANSWER));

    ChatCompletion completion = streamChat(weatherChat(CLAUDE).build());

    List<ChatCompletionMessageFunctionToolCall> calls = completion.choices().get(0).message().toolCalls().orElseThrow()
        .stream().map(c -> c.function().orElseThrow()).toList();
    assertThat(calls).extracting(ChatCompletionMessageFunctionToolCall::id).containsExactly(Sdks.PARIS.id(), Sdks.ROME.id());
    assertThat(calls).extracting(c -> Sdks.arguments(c.function().arguments()))
        .containsExactly(Sdks.arguments(Sdks.PARIS.arguments()), Sdks.arguments(Sdks.ROME.arguments()));
  }

  private ChatCompletion streamChat(ChatCompletionCreateParams params) {
    ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
    try (var stream = openai.chat().completions().createStreaming(params)) {
      stream.stream().map(ChatCompletionChunk::validate).forEach(accumulator::accumulate);
    }
    return accumulator.chatCompletion();
  }

  private void assertChatToolCall(ChatCompletion completion) {
    assertThat(proxy.upstream().violations()).isEmpty();
    assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    ChatCompletionMessageFunctionToolCall call = functionCall(completion);
    assertThat(call.id()).isNotEmpty();
    assertThat(call.function().name()).isEqualTo(Sdks.TOOL);
    assertThat(Sdks.arguments(call.function().arguments())).isEqualTo(Sdks.arguments(Sdks.PARIS.arguments()));
  }

  private static ChatCompletionMessageFunctionToolCall functionCall(ChatCompletion completion) {
    return completion.choices().get(0).message().toolCalls().orElseThrow().get(0).function().orElseThrow();
  }

  // ---- Anthropic Messages client ---------------------------------------------------------

  private static MessageCreateParams.Builder weatherMessages(String model) {
    return MessageCreateParams.builder().model(model).maxTokens(4096)
        .addUserMessage("Weather in Paris?").addTool(Sdks.anthropicTool());
  }

  @Test
  void streamedMessagesToGlmAccumulateAToolUse() {
    Message message = streamMessages(weatherMessages(GLM).build());

    assertAnthropicToolUse(message);
    JsonNode sent = assertUpstream("/api/llm/o/v1/chat/completions", "fireworks");
    assertThat(sent.path("model").asText()).isEqualTo(GLM);
    assertThat(sent.path("tools").get(0).path("function").path("name").asText()).isEqualTo(Sdks.TOOL);
  }

  @Test
  void streamedMessagesToGlmWithReasoningGiveASignedThinkingBlock() {
    proxy.upstream().reply(ToolConversation.calling(Sdks.PARIS).thenAnswering(Sdks.ANSWER)
        .withReasoning("I should look the weather up."));

    Message message = streamMessages(weatherMessages(GLM).enabledThinking(2048).build());

    assertAnthropicToolUse(message);
    assertUpstream("/api/llm/o/v1/chat/completions", "fireworks");
    assertThat(message.content().get(0).thinking().orElseThrow().thinking()).isEqualTo("I should look the weather up.");
  }

  @Test
  void threeTurnMessagesConversationWithGlm() {
    Message first = anthropic.messages().create(weatherMessages(GLM).build());
    ToolUseBlock toolUse = toolUse(first);
    Message second = anthropic.messages().create(weatherMessages(GLM)
        .addMessage(first)
        .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(
            ToolResultBlockParam.builder().toolUseId(toolUse.id()).content("18 °C, sunny").build())))
        .build());

    assertThat(proxy.upstream().violations()).isEmpty();
    assertThat(second.stopReason()).contains(StopReason.END_TURN);
    assertThat(second.content().stream().flatMap(b -> b.text().stream()).map(t -> t.text())).containsExactly(Sdks.ANSWER);
    JsonNode sent = assertUpstream(1, "/api/llm/o/v1/chat/completions", "fireworks");
    JsonNode messages = sent.path("messages");
    JsonNode tool = messages.get(messages.size() - 1);
    assertThat(tool.path("role").asText()).isEqualTo("tool");
    assertThat(tool.path("tool_call_id").asText()).isEqualTo(Sdks.PARIS.id());
  }

  @Test
  void streamedMessagesToGptAccumulateAToolUse() {
    Message message = streamMessages(weatherMessages(GPT).build());

    assertAnthropicToolUse(message);
    JsonNode sent = assertUpstream("/api/llm/o/v1/responses", "openai");
    assertThat(sent.path("model").asText()).isEqualTo(GPT);
    assertThat(sent.path("tools").get(0).path("name").asText()).isEqualTo(Sdks.TOOL);
  }

  @Test
  void threeTurnMessagesConversationWithThinkingGptKeepsTheReasoning() {
    proxy.upstream().reply(ToolConversation.calling(Sdks.PARIS).thenAnswering(Sdks.ANSWER)
        .withReasoning("I should look the weather up."));
    Message first = streamMessages(weatherMessages(GPT).enabledThinking(2048).build());
    String signature = first.content().get(0).thinking().orElseThrow().signature();
    Message second = anthropic.messages().create(weatherMessages(GPT).enabledThinking(2048)
        .addMessage(first)
        .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(
            ToolResultBlockParam.builder().toolUseId(toolUse(first).id()).content("18 °C, sunny").build())))
        .build());

    assertThat(proxy.upstream().violations()).isEmpty();
    assertThat(signature).isNotEmpty();
    assertThat(second.content().stream().flatMap(b -> b.text().stream()).map(t -> t.text())).containsExactly(Sdks.ANSWER);
    // The reasoning goes back to the Responses upstream as the item it came from, encrypted_content unchanged.
    JsonNode input = assertUpstream(1, "/api/llm/o/v1/responses", "openai").path("input");
    List<JsonNode> reasoning = new ArrayList<>();
    input.forEach(item -> {
      if ("reasoning".equals(item.path("type").asText())) {
        reasoning.add(item);
      }
    });
    assertThat(reasoning).singleElement()
        .satisfies(r -> assertThat(r.path("encrypted_content").asText()).isEqualTo(ScriptedAnswer.SIGNATURE));
  }

  private Message streamMessages(MessageCreateParams params) {
    MessageAccumulator accumulator = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> stream = anthropic.messages().createStreaming(params)) {
      stream.stream().map(RawMessageStreamEvent::validate).forEach(accumulator::accumulate);
    }
    return accumulator.message().validate();
  }

  private void assertAnthropicToolUse(Message message) {
    assertThat(proxy.upstream().violations()).isEmpty();
    assertThat(message.stopReason()).contains(StopReason.TOOL_USE);
    ToolUseBlock toolUse = toolUse(message);
    assertThat(toolUse.id()).isNotEmpty();
    assertThat(toolUse.name()).isEqualTo(Sdks.TOOL);
    assertThat(PassthroughSdkTest.inputOf(toolUse)).isEqualTo(Sdks.arguments(Sdks.PARIS.arguments()));
  }

  private static ToolUseBlock toolUse(Message message) {
    return message.content().stream().flatMap(b -> b.toolUse().stream()).findFirst().orElseThrow();
  }

  // ---- OpenAI Responses client -----------------------------------------------------------

  @Test
  void streamedResponsesToClaudeGiveOrderedEventsAndAFunctionCall() {
    List<ResponseStreamEvent> events = new ArrayList<>();
    try (var stream = openai.responses().createStreaming(ResponseCreateParams.builder().model(CLAUDE)
        .input("Weather in Paris?").addTool(Sdks.responsesTool()).build())) {
      stream.stream().map(ResponseStreamEvent::validate).forEach(events::add);
    }

    assertThat(proxy.upstream().violations()).isEmpty();
    List<JsonNode> trees = events.stream().map(e -> ObjectMappers.jsonMapper().<JsonNode>valueToTree(e)).toList();
    assertThat(trees.get(0).path("type").asText()).isEqualTo("response.created");
    assertThat(trees.get(trees.size() - 1).path("type").asText()).isEqualTo("response.completed");
    assertThat(trees).extracting(t -> t.path("sequence_number").asLong(-1)).isSorted().doesNotHaveDuplicates()
        .allSatisfy(n -> assertThat(n).isNotNegative());
    assertFunctionCallFramed(trees);
    ResponseAccumulator accumulator = ResponseAccumulator.create();
    events.forEach(accumulator::accumulate);
    ResponseFunctionToolCall call = accumulator.response().output().stream()
        .flatMap(o -> o.functionCall().stream()).findFirst().orElseThrow();
    assertThat(call.name()).isEqualTo(Sdks.TOOL);
    assertThat(Sdks.arguments(call.arguments())).isEqualTo(Sdks.arguments(Sdks.PARIS.arguments()));
    assertThat(assertUpstream("/api/llm/a/v1/messages", "anthropic").path("tools").get(0).path("name").asText())
        .isEqualTo(Sdks.TOOL);
  }

  @Test
  void threeTurnResponsesConversationWithThinkingClaude() {
    proxy.upstream().reply(ToolConversation.calling(Sdks.PARIS).thenAnswering(Sdks.ANSWER)
        .withReasoning("I should look the weather up."));
    List<ResponseInputItem> input = Sdks.responsesConversation("Weather in Paris?");
    Response first = openai.responses().create(Sdks.weatherResponse(CLAUDE, input));
    ResponseFunctionToolCall call = Sdks.answerToolCall(input, first, "18 °C, sunny");
    Response second = openai.responses().create(Sdks.weatherResponse(CLAUDE, input)).validate();

    assertThat(proxy.upstream().violations()).isEmpty();
    assertThat(Sdks.outputText(second)).containsExactly(Sdks.ANSWER);
    JsonNode sent = assertUpstream(1, "/api/llm/a/v1/messages", "anthropic");
    JsonNode messages = sent.path("messages");
    assertThat(messages.get(messages.size() - 1).path("content").get(0).path("tool_use_id").asText())
        .isEqualTo(call.callId());
  }

  @Test
  void streamedResponsesToGlmTurnReasoningContentIntoAReasoningItem() {
    proxy.upstream().reply(ToolConversation.calling(Sdks.PARIS).thenAnswering(Sdks.ANSWER)
        .withReasoning("I should look the weather up."));
    ResponseAccumulator accumulator = ResponseAccumulator.create();

    try (var stream = openai.responses().createStreaming(ResponseCreateParams.builder().model(GLM)
        .input("Weather in Paris?").addTool(Sdks.responsesTool()).build())) {
      stream.stream().map(ResponseStreamEvent::validate).forEach(accumulator::accumulate);
    }

    Response response = accumulator.response().validate();
    assertThat(proxy.upstream().violations()).isEmpty();
    assertThat(response.output().stream().flatMap(o -> o.reasoning().stream()).flatMap(r -> r.summary().stream())
        .map(s -> s.text())).containsExactly("I should look the weather up.");
    ResponseFunctionToolCall call = response.output().stream().flatMap(o -> o.functionCall().stream()).findFirst()
        .orElseThrow();
    assertThat(Sdks.arguments(call.arguments())).isEqualTo(Sdks.arguments(Sdks.PARIS.arguments()));
    assertUpstream("/api/llm/o/v1/chat/completions", "fireworks");
  }

  /** The call's item is added, its arguments stream in pieces that add up, and it is done, in that order. */
  private static void assertFunctionCallFramed(List<JsonNode> events) {
    List<String> order = new ArrayList<>();
    StringBuilder pieces = new StringBuilder();
    String done = null;
    for (JsonNode event : events) {
      String type = event.path("type").asText();
      boolean call = "function_call".equals(event.path("item").path("type").asText());
      if (type.startsWith("response.output_item.") && call || type.startsWith("response.function_call_arguments.")) {
        order.add(type);
      }
      if (type.equals("response.function_call_arguments.delta")) {
        pieces.append(event.path("delta").asText());
      }
      if (type.equals("response.function_call_arguments.done")) {
        done = event.path("arguments").asText();
      }
    }
    assertThat(order).first().isEqualTo("response.output_item.added");
    assertThat(order).last().isEqualTo("response.output_item.done");
    assertThat(order).contains("response.function_call_arguments.delta", "response.function_call_arguments.done");
    assertThat(order.indexOf("response.function_call_arguments.done"))
        .isGreaterThan(order.lastIndexOf("response.function_call_arguments.delta"));
    assertThat(pieces.toString()).isEqualTo(done);
    assertThat(Sdks.arguments(done)).isEqualTo(Sdks.arguments(Sdks.PARIS.arguments()));
  }

  // ---- what Factory received -------------------------------------------------------------

  /** The first request the mock received went to this upstream with this provider; its body. */
  private JsonNode assertUpstream(String path, String provider) {
    return assertUpstream(0, path, provider);
  }

  /** The mock's request number {@code index} (from 0) went to this upstream with this provider; its body. */
  private JsonNode assertUpstream(int index, String path, String provider) {
    Recorded received = proxy.upstream().requests().get(index);
    assertThat(received.path()).isEqualTo(path);
    assertThat(received.headers().get("x-api-provider")).isEqualTo(provider);
    return JsonTrees.parse(received.body());
  }
}

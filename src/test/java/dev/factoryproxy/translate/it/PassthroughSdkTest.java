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
import com.openai.client.OpenAIClient;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseStreamEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.factoryproxy.testing.ProxyExtension;
import dev.factoryproxy.testing.Recorded;
import dev.factoryproxy.testing.scripts.ToolConversation;
import dev.factoryproxy.translate.JsonTrees;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each SDK against a model of its own API: the proxy passes the conversation through untouched,
 * and the SDK's own parsers and accumulators accept what the mock Factory sends (the scripted
 * tool answers, with thinking and cache usage), every required field present ({@code validate()}).
 * The mock checks each request against the API's rules, so a multi-turn conversation the SDK
 * builds is one the real API accepts.
 */
class PassthroughSdkTest {

  @RegisterExtension
  final ProxyExtension proxy = ProxyExtension.defaults();

  private OpenAIClient openai;
  private AnthropicClient anthropic;

  @AfterEach
  void closeClients() {
    if (openai != null) {
      openai.close();
    }
    if (anthropic != null) {
      anthropic.close();
    }
  }

  private OpenAIClient openai() {
    proxy.upstream().validating(true);
    openai = Sdks.openai(proxy.port());
    return openai;
  }

  private AnthropicClient anthropic() {
    proxy.upstream().validating(true);
    anthropic = Sdks.anthropic(proxy.port());
    return anthropic;
  }

  // ---- Chat Completions: glm-4.7 ---------------------------------------------------------

  private static ChatCompletionCreateParams.Builder weatherChat() {
    return ChatCompletionCreateParams.builder().model("glm-4.7").addUserMessage("Weather in Paris and Rome?")
        .addFunctionTool(Sdks.chatTool());
  }

  @Test
  void chatCompletionWithTwoToolCalls() {
    proxy.upstream().reply(ToolConversation.calling(Sdks.PARIS, Sdks.ROME).thenAnswering(Sdks.ANSWER)
        .withReasoning("The user wants two cities."));

    ChatCompletion completion = openai().chat().completions().create(weatherChat().build()).validate();

    ChatCompletion.Choice choice = completion.choices().get(0);
    assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    List<ChatCompletionMessageFunctionToolCall> calls = functionCalls(choice.message().toolCalls().orElseThrow());
    assertThat(calls).extracting(ChatCompletionMessageFunctionToolCall::id).containsExactly("call_paris_1", "call_rome_2");
    assertThat(Sdks.arguments(calls.get(1).function().arguments()).path("city").asText()).isEqualTo("Rome");
    assertThat(completion.usage().orElseThrow().promptTokensDetails().orElseThrow().cachedTokens()).contains(1024L);
    assertThat(choice.message()._additionalProperties()).containsKey("reasoning_content");
    assertThat(proxy.upstream().nextRequest().path()).isEqualTo("/api/llm/o/v1/chat/completions");
  }

  @Test
  void streamedChatCompletionAccumulatesTheToolCall() {
    proxy.upstream().reply(ToolConversation.calling(Sdks.PARIS).thenAnswering(Sdks.ANSWER));
    ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();

    try (var stream = openai().chat().completions().createStreaming(weatherChat()
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
      stream.stream().map(ChatCompletionChunk::validate).forEach(accumulator::accumulate);
    }

    ChatCompletion completion = accumulator.chatCompletion();
    ChatCompletion.Choice choice = completion.choices().get(0);
    assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    ChatCompletionMessageFunctionToolCall call = functionCalls(choice.message().toolCalls().orElseThrow()).get(0);
    assertThat(call.id()).isEqualTo("call_paris_1");
    assertThat(call.function().name()).isEqualTo("get_weather");
    assertThat(Sdks.arguments(call.function().arguments()).path("city").asText()).isEqualTo("Paris");
    assertThat(completion.usage().orElseThrow().totalTokens()).isEqualTo(1260L);
  }

  @Test
  void threeTurnChatToolConversation() {
    proxy.upstream().reply(ToolConversation.calling(Sdks.PARIS).thenAnswering(Sdks.ANSWER));
    OpenAIClient client = openai();

    ChatCompletion first = client.chat().completions().create(weatherChat().build());
    ChatCompletionMessageFunctionToolCall call = functionCalls(first.choices().get(0).message().toolCalls().orElseThrow()).get(0);
    ChatCompletion second = client.chat().completions().create(weatherChat()
        .addMessage(first.choices().get(0).message())
        .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content("18 °C, sunny").build())
        .build());

    assertThat(second.choices().get(0).message().content()).contains(Sdks.ANSWER);
    assertThat(proxy.upstream().violations()).isEmpty();
  }

  // ---- Anthropic Messages: claude-sonnet-4-5 ---------------------------------------------

  private static MessageCreateParams.Builder weatherMessages() {
    return MessageCreateParams.builder().model("claude-sonnet-4-5-20250929").maxTokens(4096)
        .addUserMessage("Weather in Paris?").addTool(Sdks.anthropicTool());
  }

  @Test
  void messageWithThinkingAndToolUse() {
    proxy.upstream().reply(ToolConversation.calling(Sdks.PARIS).thenAnswering(Sdks.ANSWER)
        .withReasoning("I should call get_weather."));

    Message message = anthropic().messages().create(weatherMessages().enabledThinking(2048).build()).validate();

    assertThat(message.stopReason()).contains(StopReason.TOOL_USE);
    assertThat(message.content().get(0).thinking().orElseThrow().signature()).isNotEmpty();
    ToolUseBlock toolUse = message.content().get(1).toolUse().orElseThrow();
    assertThat(toolUse.id()).isEqualTo("call_paris_1");
    assertThat(inputOf(toolUse)).isEqualTo(JsonTrees.parse(Sdks.PARIS.arguments()));
    assertThat(message.usage().cacheReadInputTokens()).contains(1024L);
  }

  @Test
  void streamedMessageAccumulatesThinkingAndToolUse() {
    proxy.upstream().reply(ToolConversation.calling(Sdks.PARIS).thenAnswering(Sdks.ANSWER)
        .withReasoning("I should call get_weather."));
    MessageAccumulator accumulator = MessageAccumulator.create();

    try (StreamResponse<RawMessageStreamEvent> stream = anthropic().messages()
        .createStreaming(weatherMessages().enabledThinking(2048).build())) {
      stream.stream().map(RawMessageStreamEvent::validate).forEach(accumulator::accumulate);
    }

    Message message = accumulator.message().validate();
    assertThat(message.stopReason()).contains(StopReason.TOOL_USE);
    assertThat(message.content().get(0).thinking().orElseThrow().signature()).isNotEmpty();
    ToolUseBlock toolUse = message.content().get(1).toolUse().orElseThrow();
    assertThat(toolUse.name()).isEqualTo("get_weather");
    assertThat(inputOf(toolUse).path("city").asText()).isEqualTo("Paris");
  }

  @Test
  void threeTurnAnthropicToolConversationWithThinking() {
    proxy.upstream().reply(ToolConversation.calling(Sdks.PARIS).thenAnswering(Sdks.ANSWER)
        .withReasoning("I should call get_weather."));
    AnthropicClient client = anthropic();

    Message first = client.messages().create(weatherMessages().enabledThinking(2048).build());
    ToolUseBlock toolUse = first.content().stream().flatMap(b -> b.toolUse().stream()).findFirst().orElseThrow();
    Message second = client.messages().create(weatherMessages().enabledThinking(2048)
        .addMessage(first)
        .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(
            ToolResultBlockParam.builder().toolUseId(toolUse.id()).content("18 °C, sunny").build())))
        .build());

    assertThat(second.content().stream().flatMap(b -> b.text().stream()).map(t -> t.text())).containsExactly(Sdks.ANSWER);
    assertThat(proxy.upstream().violations()).isEmpty();
  }

  // ---- Responses: gpt-5.4 ----------------------------------------------------------------

  @Test
  void streamedResponseWithReasoningAndFunctionCall() {
    proxy.upstream().reply(ToolConversation.calling(Sdks.PARIS).thenAnswering(Sdks.ANSWER)
        .withReasoning("Look the weather up."));
    ResponseAccumulator accumulator = ResponseAccumulator.create();

    try (var stream = openai().responses().createStreaming(ResponseCreateParams.builder().model("gpt-5.4")
        .input("Weather in Paris?").addTool(Sdks.responsesTool()).build())) {
      stream.stream().map(ResponseStreamEvent::validate).forEach(accumulator::accumulate);
    }

    Response response = accumulator.response().validate();
    ResponseFunctionToolCall call = response.output().stream().flatMap(o -> o.functionCall().stream()).findFirst()
        .orElseThrow();
    assertThat(call.callId()).isEqualTo("call_paris_1");
    assertThat(Sdks.arguments(call.arguments()).path("city").asText()).isEqualTo("Paris");
    assertThat(response.output().get(0).reasoning().orElseThrow().encryptedContent()).isPresent();
    assertThat(response.usage().orElseThrow().inputTokensDetails().cachedTokens()).isEqualTo(1024L);
    Recorded received = proxy.upstream().nextRequest();
    assertThat(received.path()).isEqualTo("/api/llm/o/v1/responses");
  }

  @Test
  void threeTurnResponsesConversationWithReasoning() {
    proxy.upstream().reply(ToolConversation.calling(Sdks.PARIS).thenAnswering(Sdks.ANSWER)
        .withReasoning("Look the weather up."));
    OpenAIClient client = openai();
    List<ResponseInputItem> input = Sdks.responsesConversation("Weather in Paris?");

    Response first = client.responses().create(Sdks.weatherResponse("gpt-5.4", input)).validate();
    Sdks.answerToolCall(input, first, "18 °C, sunny");
    Response second = client.responses().create(Sdks.weatherResponse("gpt-5.4", input)).validate();

    assertThat(Sdks.outputText(second)).containsExactly(Sdks.ANSWER);
    assertThat(proxy.upstream().violations()).isEmpty();
    JsonNode sent = JsonTrees.parse(proxy.upstream().requests().get(1).body());
    assertThat(sent.path("input").findValuesAsText("type"))
        .containsSubsequence("reasoning", "function_call", "function_call_output");
  }

  static List<ChatCompletionMessageFunctionToolCall> functionCalls(
      List<com.openai.models.chat.completions.ChatCompletionMessageToolCall> calls) {
    return calls.stream().map(c -> c.function().orElseThrow()).toList();
  }

  static com.fasterxml.jackson.databind.JsonNode inputOf(ToolUseBlock toolUse) {
    return JsonTrees.parse(com.anthropic.core.ObjectMappers.jsonMapper().valueToTree(toolUse._input()).toString());
  }
}

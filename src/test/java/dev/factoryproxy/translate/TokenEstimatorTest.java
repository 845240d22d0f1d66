package dev.factoryproxy.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.translate.model.Content;
import dev.factoryproxy.translate.model.Conversation;
import dev.factoryproxy.translate.model.ResponseFormat;
import dev.factoryproxy.translate.model.Role;
import dev.factoryproxy.translate.model.ToolSpec;
import dev.factoryproxy.translate.model.Turn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Counts under o200k_base. The expected numbers of each text were read off jtokkit 1.1.0 by hand
 * ("Hello, world!" is Hello / , / world / !).
 */
class TokenEstimatorTest {

  private static final TokenEstimator ESTIMATOR = new TokenEstimator();

  private static final String SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}";

  private static Conversation conversation(List<Content> system, List<Turn> turns, List<ToolSpec> tools,
                                           ResponseFormat format) {
    return new Conversation("m", system, turns, tools, null, null, null, null, null, List.of(), null, null,
        format, false, Map.of());
  }

  private static Conversation turns(Turn... turns) {
    return conversation(List.of(), List.of(turns), List.of(), null);
  }

  private static Turn user(Content... parts) {
    return new Turn(Role.USER, List.of(parts));
  }

  private static Turn assistant(Content... parts) {
    return new Turn(Role.ASSISTANT, List.of(parts));
  }

  private static final Turn HELLO = user(new Content.Text("Hello, world!"));

  @Test
  void textCountsAsO200kBaseDoes() {
    assertThat(ESTIMATOR.text("Hello, world!")).isEqualTo(4);
    assertThat(ESTIMATOR.text("You are a helpful assistant.")).isEqualTo(6);
    assertThat(ESTIMATOR.text("The quick brown fox jumps over the lazy dog.")).isEqualTo(10);
    assertThat(ESTIMATOR.text("")).isZero();
    assertThat(ESTIMATOR.text(null)).isZero();
  }

  @Test
  void aSpecialTokenInAPromptIsTextNotAnError() {
    assertThat(ESTIMATOR.text("<|endoftext|>")).isEqualTo(7);
  }

  @Test
  void oneUserMessageIsItsTextPlusMessageFramingAndReplyPriming() {
    assertThat(ESTIMATOR.inputTokens(turns(HELLO))).isEqualTo(3 + 3 + 4);
  }

  @Test
  void systemTextIsAMessageOfItsOwn() {
    Conversation withSystem = conversation(List.of(new Content.Text("You are a helpful assistant.")),
        List.of(HELLO), List.of(), null);

    assertThat(ESTIMATOR.inputTokens(withSystem)).isEqualTo(10 + 3 + 6);
  }

  @Test
  void toolCallsAndResultsCountNameArgumentsAndContent() {
    Conversation conversation = turns(HELLO,
        assistant(new Content.ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}")),
        user(new Content.ToolResult("call_1", List.of(new Content.Text("Sunny, 21°C")), false, null)));

    // 10 for the greeting; the call: turn 3 + call 3 + name 2 + arguments 5; the result: turn 3 + 3 + 5.
    assertThat(ESTIMATOR.inputTokens(conversation)).isEqualTo(10 + 13 + 11);
  }

  @Test
  void aToolDefinitionCountsNameDescriptionAndSchema() {
    ToolSpec tool = ToolSpec.function("get_weather", "Get the current weather for a city.",
        JsonTrees.parse(SCHEMA), null, null);
    Conversation without = turns(HELLO);
    Conversation with = conversation(List.of(), List.of(HELLO), List.of(tool), null);

    assertThat(ESTIMATOR.inputTokens(with) - ESTIMATOR.inputTokens(without)).isEqualTo(8 + 2 + 8 + 19);
  }

  @Test
  void aToolWithoutDescriptionOrSchemaStillCosts() {
    ToolSpec bare = ToolSpec.function("ping", null, null, null, null);

    assertThat(ESTIMATOR.inputTokens(conversation(List.of(), List.of(HELLO), List.of(bare), null)))
        .isGreaterThan(ESTIMATOR.inputTokens(turns(HELLO)));
  }

  @Test
  void thinkingTextCountsAndRedactedThinkingDoesNot() {
    long plain = ESTIMATOR.inputTokens(turns(HELLO, assistant(new Content.Text("4"))));
    long thought = ESTIMATOR.inputTokens(turns(HELLO,
        assistant(new Content.Thinking("Let me think.", "sig"), new Content.Text("4"))));
    long redacted = ESTIMATOR.inputTokens(turns(HELLO,
        assistant(new Content.RedactedThinking("EuYBCkQYAiJA" + "x".repeat(500)), new Content.Text("4"))));

    assertThat(thought - plain).isEqualTo(4);
    assertThat(redacted).isEqualTo(plain);
  }

  @Test
  void imagesAreAFixedEstimateWhateverTheirBytes() {
    Content small = new Content.Image("image/png", "iVBORw0KGgo=", null, null, null);
    Content large = new Content.Image("image/png", "A".repeat(200_000), null, null, null);
    Content low = new Content.Image(null, null, "https://example.com/cat.png", "low", null);

    assertThat(ESTIMATOR.inputTokens(turns(user(small)))).isEqualTo(3 + 3 + 1600);
    assertThat(ESTIMATOR.inputTokens(turns(user(large)))).isEqualTo(3 + 3 + 1600);
    assertThat(ESTIMATOR.inputTokens(turns(user(low)))).isEqualTo(3 + 3 + 85);
  }

  @Test
  void aStructuredOutputSchemaCounts() {
    ResponseFormat format = new ResponseFormat("json_schema", "weather", JsonTrees.parse(SCHEMA), true);

    assertThat(ESTIMATOR.inputTokens(conversation(List.of(), List.of(HELLO), List.of(), format))
        - ESTIMATOR.inputTokens(turns(HELLO))).isEqualTo(ESTIMATOR.text("weather") + 19);
  }

  @Test
  void moreTextMeansMoreTokens() {
    long one = ESTIMATOR.inputTokens(turns(user(new Content.Text("What is 2+2?"))));
    long two = ESTIMATOR.inputTokens(turns(user(new Content.Text("What is 2+2? And what is 3+3?"))));
    long twoTurns = ESTIMATOR.inputTokens(turns(user(new Content.Text("What is 2+2?")),
        assistant(new Content.Text("4")), user(new Content.Text("And 3+3?"))));

    assertThat(one).isEqualTo(3 + 3 + 7);
    assertThat(two).isGreaterThan(one);
    assertThat(twoTurns).isGreaterThan(one);
  }

  @Test
  void oneInstanceServesManyThreadsAlike() throws Exception {
    Conversation conversation = turns(HELLO, assistant(new Content.Text("The quick brown fox jumps over the lazy dog.")));
    long expected = ESTIMATOR.inputTokens(conversation);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Long>> results = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        results.add(pool.submit(() -> ESTIMATOR.inputTokens(conversation)));
      }
      for (Future<Long> result : results) {
        assertThat(result.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}

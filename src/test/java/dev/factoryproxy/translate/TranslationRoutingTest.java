package dev.factoryproxy.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Await;
import dev.factoryproxy.testing.ClientExchange;
import dev.factoryproxy.testing.ProxyExtension;
import dev.factoryproxy.testing.Recorded;
import dev.factoryproxy.testing.Reply;
import dev.factoryproxy.testing.WireFormats;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The catalog's routing and translation through a real proxy in front of the mock Factory: where
 * a request goes, what Factory receives, and what the client gets back, streamed and not, for
 * answers, errors and cuts.
 */
class TranslationRoutingTest {

  private static final String CLAUDE = "claude-sonnet-4-5-20250929";
  private static final String GLM = "glm-4.7";

  @RegisterExtension
  final ProxyExtension proxy = ProxyExtension.defaults();

  @Test
  void aChatClientReachesClaudeOverMessages() {
    ClientExchange exchange = post("/v1/chat/completions", chat(CLAUDE, false));

    JsonObject answer = json(exchange);
    Recorded sent = proxy.upstream().nextRequest();
    assertThat(sent.path()).isEqualTo("/api/llm/a/v1/messages");
    assertThat(sent.headers().get("x-api-provider")).isEqualTo("anthropic");
    assertThat(sent.headers().get("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(sent.headers().get("accept-encoding")).isEqualTo("identity");
    JsonObject upstreamBody = sent.body().toJsonObject();
    assertThat(upstreamBody.getString("model")).isEqualTo(CLAUDE);
    assertThat(upstreamBody.getInteger("max_tokens")).as("the catalog's default output limit").isPositive();
    assertThat(upstreamBody.getJsonArray("messages").getJsonObject(0).getString("role")).isEqualTo("user");

    assertThat(exchange.response().result().statusCode()).isEqualTo(200);
    assertThat(answer.getString("object")).isEqualTo("chat.completion");
    assertThat(answer.getString("id")).startsWith("chatcmpl-");
    assertThat(answer.getString("model")).isEqualTo(CLAUDE);
    JsonObject choice = answer.getJsonArray("choices").getJsonObject(0);
    assertThat(choice.getJsonObject("message").getString("content")).isEqualTo("Hello from the mock");
    assertThat(choice.getString("finish_reason")).isEqualTo("stop");
    assertThat(answer.getJsonObject("usage").getInteger("prompt_tokens")).isEqualTo(12);
    assertThat(answer.getJsonObject("usage").getInteger("completion_tokens")).isEqualTo(4);
  }

  @Test
  void aStreamedChatClientGetsChunksEndingInDoneFromAClaudeStream() {
    ClientExchange exchange = post("/v1/chat/completions", chat(CLAUDE, true));

    List<String> data = dataLines(Await.result(exchange.body()));
    assertThat(exchange.response().result().getHeader("content-type")).startsWith("text/event-stream");
    assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
    StringBuilder text = new StringBuilder();
    List<String> finishReasons = new ArrayList<>();
    for (String line : data.subList(0, data.size() - 1)) {
      JsonObject chunk = new JsonObject(line);
      assertThat(chunk.getString("object")).isEqualTo("chat.completion.chunk");
      for (Object c : chunk.getJsonArray("choices")) {
        JsonObject choice = (JsonObject) c;
        JsonObject delta = choice.getJsonObject("delta");
        if (delta.getString("content") != null) {
          text.append(delta.getString("content"));
        }
        if (choice.getString("finish_reason") != null) {
          finishReasons.add(choice.getString("finish_reason"));
        }
      }
    }
    assertThat(new JsonObject(data.get(0)).getJsonArray("choices").getJsonObject(0).getJsonObject("delta")
        .getString("role")).as("the first delta carries the role").isEqualTo("assistant");
    assertThat(text).hasToString("Hello from the mock");
    assertThat(finishReasons).containsExactly("stop");
    assertThat(proxy.upstream().nextRequest().body().toJsonObject().getBoolean("stream")).isTrue();
  }

  @Test
  void aMessagesClientReachesGlmOverChatAndTheProxyAsksForUsage() {
    ClientExchange exchange = post("/v1/messages", messages(GLM, true));

    List<String> events = eventNames(Await.result(exchange.body()));
    Recorded sent = proxy.upstream().nextRequest();
    assertThat(sent.path()).isEqualTo("/api/llm/o/v1/chat/completions");
    assertThat(sent.headers().get("x-api-provider")).isEqualTo("fireworks");
    JsonObject body = sent.body().toJsonObject();
    assertThat(body.getJsonObject("stream_options").getBoolean("include_usage")).isTrue();
    assertThat(body.getJsonArray("messages").getJsonObject(0).getString("role")).isEqualTo("system");
    assertThat(events.get(0)).isEqualTo("message_start");
    assertThat(events.get(events.size() - 1)).isEqualTo("message_stop");
    assertThat(events).contains("content_block_start", "content_block_delta", "content_block_stop", "message_delta");
  }

  @Test
  void anthropicsQueryAndHeadersStayOnTheClientsSideOfATranslation() {
    MultiMap headers = ClientExchange.jsonHeaders().add("anthropic-version", "2023-06-01")
        .add("anthropic-beta", "interleaved-thinking-2025-05-14");
    Await.result(ClientExchange.post(proxy.client(), "/v1/messages?beta=true", Buffer.buffer(messages(GLM, false)),
        headers).body());

    Recorded sent = proxy.upstream().nextRequest();
    assertThat(sent.uri()).isEqualTo("/api/llm/o/v1/chat/completions");
    assertThat(sent.headers().contains("anthropic-version")).isFalse();
    assertThat(sent.headers().contains("anthropic-beta")).isFalse();
  }

  @Test
  void anUpstreamErrorKeepsItsStatusRetryAfterAndMessageInTheClientsShape() {
    proxy.upstream().reply(Reply.json(429,
        "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down, please\"}}",
        Map.of("retry-after", "7", "anthropic-ratelimit-requests-remaining", "0")));

    ClientExchange exchange = post("/v1/chat/completions", chat(CLAUDE, true));

    JsonObject error = json(exchange);
    HttpClientResponse response = exchange.response().result();
    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.getHeader("retry-after")).isEqualTo("7");
    assertThat(response.getHeader("anthropic-ratelimit-requests-remaining")).isEqualTo("0");
    assertThat(response.getHeader("content-type")).isEqualTo("application/json");
    assertThat(error.getJsonObject("error").getString("message")).isEqualTo("slow down, please");
    assertThat(error.getJsonObject("error").getString("type")).isEqualTo("rate_limit_error");
  }

  @Test
  void factorysOwnErrorBodyReachesAMessagesClientAsAnAnthropicError() {
    proxy.upstream().reply(Reply.json(400, "{\"detail\":\"Invalid x-api-provider header\"}", Map.of()));

    JsonObject error = json(post("/v1/messages", messages(GLM, false)));

    assertThat(error.getString("type")).isEqualTo("error");
    assertThat(error.getJsonObject("error").getString("type")).isEqualTo("invalid_request_error");
    assertThat(error.getJsonObject("error").getString("message")).isEqualTo("Invalid x-api-provider header");
  }

  @Test
  void aStreamCutUpstreamStaysACutWithNoInventedEnd() {
    List<String> events = WireFormats.anthropicEvents(CLAUDE, "Hello from the mock");
    proxy.upstream().reply(Reply.sseThenDrop(events.subList(0, 4), Duration.ZERO));

    ClientExchange exchange = post("/v1/chat/completions", chat(CLAUDE, true));

    assertThat(exchange.awaitCut(Duration.ofSeconds(10))).isNotNull();
    String received = exchange.received().toString(StandardCharsets.UTF_8);
    assertThat(received).contains("\"role\":\"assistant\"").doesNotContain("[DONE]").doesNotContain("finish_reason\":\"");
  }

  @Test
  void aFieldTheTargetCannotCarryIsA400NamingItAndFactoryIsNotAsked() {
    JsonObject body = new JsonObject(chat(CLAUDE, false)).put("n", 2);

    ClientExchange exchange = post("/v1/chat/completions", body.encode());

    JsonObject error = json(exchange);
    assertThat(exchange.response().result().statusCode()).isEqualTo(400);
    assertThat(error.getJsonObject("error").getString("message")).contains("\"n\"");
    assertThat(error.getJsonObject("error").getString("code")).isEqualTo("unsupported_parameter");
    assertThat(proxy.upstream().requests()).isEmpty();
  }

  @Test
  void aCatalogModelOnItsOwnApiGoesByteForByteWithTheCatalogsProvider() {
    String body = "{ \"model\" : \"" + GLM + "\", \"messages\":[{\"role\":\"user\",\"content\":\"hi ✓\"}],\"x\":1.50}";

    Await.result(post("/v1/chat/completions", body).body());

    Recorded sent = proxy.upstream().nextRequest();
    assertThat(sent.body().toString(StandardCharsets.UTF_8)).isEqualTo(body);
    assertThat(sent.headers().get("x-api-provider")).isEqualTo("fireworks");
  }

  @Test
  void aModelOutsideTheCatalogGoesToTheEndpointItCalled() {
    Await.result(post("/v1/messages", messages("claude-future-9", false)).body());

    Recorded sent = proxy.upstream().nextRequest();
    assertThat(sent.path()).isEqualTo("/api/llm/a/v1/messages");
    assertThat(sent.body().toJsonObject().getString("model")).isEqualTo("claude-future-9");
  }

  @Test
  void countTokensForAModelOnAnotherApiIsALocalEstimate() {
    ClientExchange exchange = post(CountTokensHandler.PATH, messages(GLM, false));

    JsonObject answer = json(exchange);
    assertThat(exchange.response().result().getHeader(CountTokensHandler.ESTIMATE_HEADER)).isEqualTo("true");
    assertThat(answer.getLong("input_tokens")).isPositive();
    assertThat(proxy.upstream().requests()).isEmpty();
  }

  @Test
  void countTokensForAClaudeModelAsksFactoryAndFallsBackWhenFactoryHasNoSuchEndpoint() {
    proxy.upstream().reply(r -> r.path().endsWith("/count_tokens") && r.body().toString().contains("first")
        ? Reply.json("{\"input_tokens\":42}")
        : Reply.json(404, "{\"detail\":\"Not Found\"}", Map.of()));

    ClientExchange asked = post(CountTokensHandler.PATH, messages(CLAUDE, false).replace("Hello", "first"));
    ClientExchange fellBack = post(CountTokensHandler.PATH, messages(CLAUDE, false));

    assertThat(json(asked).getLong("input_tokens")).isEqualTo(42);
    assertThat(asked.response().result().getHeader(CountTokensHandler.ESTIMATE_HEADER)).isNull();
    assertThat(json(fellBack).getLong("input_tokens")).isPositive();
    assertThat(fellBack.response().result().getHeader(CountTokensHandler.ESTIMATE_HEADER)).isEqualTo("true");
    assertThat(proxy.upstream().requests()).extracting(Recorded::path)
        .containsOnly("/api/llm/a/v1/messages/count_tokens");
  }

  // ---- helpers ------------------------------------------------------------------------------

  private ClientExchange post(String uri, String body) {
    MultiMap headers = ClientExchange.jsonHeaders();
    return ClientExchange.post(proxy.client(), uri, Buffer.buffer(body), headers);
  }

  static String chat(String model, boolean stream) {
    return new JsonObject().put("model", model).put("stream", stream)
        .put("messages", new JsonArray()
            .add(new JsonObject().put("role", "system").put("content", "Be brief."))
            .add(new JsonObject().put("role", "user").put("content", "Hello")))
        .encode();
  }

  static String messages(String model, boolean stream) {
    return new JsonObject().put("model", model).put("stream", stream).put("max_tokens", 256)
        .put("system", "Be brief.")
        .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "Hello")))
        .encode();
  }

  private static JsonObject json(ClientExchange exchange) {
    return new JsonObject(Await.result(exchange.body()));
  }

  static List<String> dataLines(Buffer body) {
    List<String> data = new ArrayList<>();
    for (String line : body.toString(StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith("data: ")) {
        data.add(line.substring(6));
      }
    }
    return data;
  }

  static List<String> eventNames(Buffer body) {
    List<String> names = new ArrayList<>();
    for (String line : body.toString(StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith("event: ")) {
        names.add(line.substring(7));
      }
    }
    return names;
  }
}

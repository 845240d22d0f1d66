package dev.factoryproxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Await;
import dev.factoryproxy.testing.ClientExchange;
import dev.factoryproxy.testing.ProxyExtension;
import dev.factoryproxy.testing.RawPost;
import dev.factoryproxy.testing.Reply;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Factory's own errors are the client's business: status, headers (rate-limit hints, request
 * ids, Retry-After) and body reach it as they are, so its SDK can back off and retry exactly
 * as it would talking to Factory directly. None of them becomes a proxy 502.
 */
class UpstreamErrorPassthroughTest {

  private static final Duration BOUND = Duration.ofSeconds(5);

  @RegisterExtension
  final ProxyExtension proxy = ProxyExtension.defaults();

  private static String openaiError(String message, String type, String code) {
    return "{\n  \"error\": {\n    \"message\": \"" + message + "\",\n    \"type\": \"" + type
        + "\",\n    \"param\": null,\n    \"code\": \"" + code + "\"\n  }\n}";
  }

  private static String anthropicError(String type, String message) {
    return "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message
        + "\"},\"request_id\":\"req_011CUpstream\"}";
  }

  private static String errorBody(String path, int status) {
    boolean anthropic = path.equals("/v1/messages");
    return switch (status) {
      case 400 -> anthropic ? anthropicError("invalid_request_error", "max_tokens: Field required")
          : openaiError("Unsupported parameter: 'temperature'", "invalid_request_error", "unsupported_parameter");
      case 401 -> anthropic ? anthropicError("authentication_error", "invalid x-api-key")
          : openaiError("Incorrect API key provided", "invalid_request_error", "invalid_api_key");
      case 429 -> anthropic ? anthropicError("rate_limit_error", "Number of request tokens has exceeded your rate limit")
          : openaiError("Rate limit reached for gpt-5 on tokens per min", "tokens", "rate_limit_exceeded");
      case 529 -> anthropicError("overloaded_error", "Overloaded");
      default -> anthropic ? anthropicError("api_error", "Internal server error")
          : openaiError("The server had an error while processing your request", "server_error", "server_error");
    };
  }

  private static Map<String, String> errorHeaders() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("retry-after", "17");
    headers.put("retry-after-ms", "16500");
    headers.put("x-request-id", "req_8f3a1c0e9b");
    headers.put("request-id", "req_011CUpstream");
    headers.put("anthropic-ratelimit-requests-limit", "4000");
    headers.put("anthropic-ratelimit-requests-remaining", "0");
    headers.put("anthropic-ratelimit-requests-reset", "2026-11-25T16:20:07Z");
    headers.put("anthropic-ratelimit-tokens-remaining", "0");
    headers.put("x-ratelimit-limit-requests", "500");
    headers.put("x-ratelimit-remaining-requests", "0");
    headers.put("x-ratelimit-reset-tokens", "6m0s");
    headers.put("x-should-retry", "true");
    return headers;
  }

  @ParameterizedTest
  @CsvSource({
      "/v1/responses, 400", "/v1/responses, 401", "/v1/responses, 429",
      "/v1/responses, 500", "/v1/responses, 503", "/v1/responses, 529",
      "/v1/messages, 400", "/v1/messages, 401", "/v1/messages, 429",
      "/v1/messages, 500", "/v1/messages, 503", "/v1/messages, 529",
      "/v1/chat/completions, 400", "/v1/chat/completions, 401", "/v1/chat/completions, 429",
      "/v1/chat/completions, 500", "/v1/chat/completions, 503", "/v1/chat/completions, 529"})
  void upstreamErrorReachesTheClientUnchanged(String path, int status) {
    String body = errorBody(path, status);
    Map<String, String> headers = errorHeaders();
    proxy.upstream().reply(Reply.json(status, body, headers));

    ClientExchange call = ClientExchange.post(proxy.client(), path, "{\"model\":\"m\",\"stream\":true}");
    HttpClientResponse response = Await.result(call.response(), BOUND);
    Buffer received = Await.result(call.body(), BOUND);

    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.getHeader("content-type")).isEqualTo("application/json");
    assertThat(response.getHeader("content-length")).isEqualTo(String.valueOf(Reply.utf8(body).length()));
    headers.forEach((name, value) ->
        assertThat(response.headers().getAll(name)).as("header %s", name).containsExactly(value));
    assertThat(received.getBytes()).isEqualTo(Reply.utf8(body).getBytes());
    assertThat(response.headers().contains("x-accel-buffering")).isFalse();
  }

  @Test
  void statusLineReasonOfAnUnusualStatusPassesToo() {
    String body = anthropicError("overloaded_error", "Overloaded");
    proxy.upstream().reply((vertx, request, response, done) -> {
      response.setStatusCode(529).setStatusMessage("Overloaded").putHeader("content-type", "application/json")
          .putHeader("retry-after", "3");
      done.run();
      response.end(body);
    });

    RawPost.Response response = RawPost.post(proxy.port(), "/v1/messages", "{\"model\":\"m\"}", BOUND);

    assertThat(response.head()).startsWith("HTTP/1.1 529 Overloaded\r\n");
    assertThat(response.header("retry-after")).isEqualTo("3");
    assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(body);
  }

  @Test
  void anErrorSentAsAnEventStreamIsStreamedThrough() {
    // Some upstreams report an overload inside an already-open event stream.
    String event = "event: error\ndata: " + anthropicError("overloaded_error", "Overloaded") + "\n\n";
    proxy.upstream().reply(Reply.sse(List.of(event), Duration.ZERO));

    ClientExchange call = ClientExchange.post(proxy.client(), "/v1/messages", "{\"model\":\"m\",\"stream\":true}");
    Buffer received = Await.result(call.body(), BOUND);

    assertThat(Await.result(call.response()).statusCode()).isEqualTo(200);
    assertThat(received.toString(StandardCharsets.UTF_8)).isEqualTo(event);
  }
}

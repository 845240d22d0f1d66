package dev.factoryproxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Await;
import dev.factoryproxy.testing.ProxyExtension;
import dev.factoryproxy.testing.ProxyHarness;
import dev.factoryproxy.testing.Recorded;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RoutingTest {

  @RegisterExtension
  final ProxyExtension proxy = ProxyExtension.defaults();

  @ParameterizedTest
  @CsvSource({
      "/gpt, /api/llm/o/v1/responses, openai",
      "/responses, /api/llm/o/v1/responses, openai",
      "/v1/responses, /api/llm/o/v1/responses, openai",
      "/anthropic, /api/llm/a/v1/messages, anthropic",
      "/v1/messages, /api/llm/a/v1/messages, anthropic",
      "/glm, /api/llm/o/v1/chat/completions, fireworks",
      "/v1/chat/completions, /api/llm/o/v1/chat/completions, fireworks"})
  void everyAliasReachesItsUpstreamPathWithProviderAndToken(String path, String upstreamPath, String provider) {
    HttpClientResponse response = post(path, "{\"model\":\"m\",\"stream\":false}");

    assertThat(response.statusCode()).isEqualTo(200);
    Recorded received = proxy.upstream().nextRequest();
    assertThat(received.method()).isEqualTo("POST");
    assertThat(received.path()).isEqualTo(upstreamPath);
    assertThat(received.headers().get("x-api-provider")).isEqualTo(provider);
    assertThat(received.headers().getAll("authorization")).containsExactly("Bearer " + ProxyHarness.TOKEN);
  }

  @Test
  void queryStringGoesUpstreamUnchanged() {
    post("/v1/messages?beta=true&x=a%20b", "{\"model\":\"m\"}");

    assertThat(proxy.upstream().nextRequest().uri()).isEqualTo("/api/llm/a/v1/messages?beta=true&x=a%20b");
  }

  private HttpClientResponse post(String uri, String body) {
    return Await.result(proxy.client()
        .request(new RequestOptions().setMethod(HttpMethod.POST).setURI(uri).putHeader("content-type", "application/json"))
        // body() is asked for in the callback that delivers the response: asked for later, from
        // the test thread, it may come after the body ended and then never completes.
        .compose(req -> req.send(Buffer.buffer(body))
            .compose(resp -> resp.body().map(b -> resp))));
  }
}

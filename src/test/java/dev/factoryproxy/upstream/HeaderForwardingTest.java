package dev.factoryproxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.ProxyExtension;
import dev.factoryproxy.testing.ProxyHarness;
import dev.factoryproxy.testing.RawHttp;
import dev.factoryproxy.testing.Recorded;
import dev.factoryproxy.testing.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HeaderPolicy end to end, both directions, on raw sockets so that nothing between the test and
 * the proxy adds, merges or drops a header.
 */
class HeaderForwardingTest {

  private static final String BODY = "{\"model\":\"claude-x\",\"max_tokens\":5}";

  /** End-to-end request headers a real SDK sends, which Factory must see as sent. */
  private static final List<Map.Entry<String, String>> END_TO_END = List.of(
      Map.entry("anthropic-version", "2023-06-01"),
      Map.entry("anthropic-beta", "prompt-caching-2024-07-31,tools-2024-04-04"),
      Map.entry("openai-beta", "assistants=v2"),
      Map.entry("Accept", "text/event-stream"),
      Map.entry("User-Agent", "claude-cli/2.0.14 (external, cli)"),
      Map.entry("X-Stainless-Lang", "js"),
      Map.entry("X-Stainless-Package-Version", "0.60.0"),
      Map.entry("X-Stainless-Retry-Count", "0"),
      Map.entry("X-Stainless-Timeout", "600"),
      Map.entry("Idempotency-Key", "idem-5f1b"),
      Map.entry("X-Request-Id", "req-e2e-42"),
      Map.entry("Content-Type", "application/json"));

  /** Request headers that must stop at the proxy, with values that show if they leak. */
  private static final List<Map.Entry<String, String>> STRIPPED = List.of(
      Map.entry("Connection", "keep-alive, X-Hop-Custom"),
      Map.entry("X-Hop-Custom", "leak-hop-custom"),
      Map.entry("Keep-Alive", "timeout=55"),
      Map.entry("Proxy-Connection", "leak-proxy-connection"),
      Map.entry("TE", "trailers"),
      Map.entry("Trailer", "X-Leak-Trailer"),
      Map.entry("Upgrade", "leak-upgrade/1"),
      Map.entry("Proxy-Authorization", "Basic bGVhazpwcm94eQ=="),
      Map.entry("Proxy-Authenticate", "Basic realm=leak"),
      Map.entry("Authorization", "Bearer leak-client-bearer"),
      Map.entry("x-api-key", "leak-client-api-key"),
      Map.entry("Cookie", "session=leak-cookie"),
      Map.entry("X-Forwarded-For", "203.0.113.9"),
      Map.entry("X-Forwarded-Host", "leak-forwarded.example"),
      Map.entry("X-Forwarded-Proto", "http"),
      Map.entry("X-Forwarded-Port", "6666"),
      Map.entry("Forwarded", "for=203.0.113.9;host=leak-forwarded.example"),
      Map.entry("X-Real-IP", "203.0.113.9"),
      Map.entry("Via", "1.1 leak-via"));

  @RegisterExtension
  final ProxyExtension proxy = ProxyExtension.defaults();

  private static String request(String target, String host, List<Map.Entry<String, String>> headers, String body) {
    StringBuilder text = new StringBuilder("POST " + target + " HTTP/1.1\r\nHost: " + host + "\r\n");
    headers.forEach(h -> text.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n"));
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return text.append("Content-Length: ").append(bytes.length).append("\r\n\r\n").append(body).toString();
  }

  private RawHttp.Response exchange(String request) {
    try (RawHttp http = RawHttp.connect(proxy.port())) {
      return http.send(request).read(false);
    }
  }

  private static List<Map.Entry<String, String>> concat(List<Map.Entry<String, String>> a,
                                                        List<Map.Entry<String, String>> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  @Test
  void endToEndRequestHeadersArriveAsSent() {
    RawHttp.Response response = exchange(request("/v1/messages", "localhost", concat(END_TO_END, STRIPPED), BODY));

    assertThat(response.status()).isEqualTo(200);
    MultiMap seen = proxy.upstream().nextRequest().headers();
    for (Map.Entry<String, String> header : END_TO_END) {
      assertThat(seen.getAll(header.getKey())).as(header.getKey()).containsExactly(header.getValue());
    }
  }

  @Test
  void hopByHopCredentialAndForwardingHeadersStopAtTheProxy() {
    exchange(request("/v1/messages", "localhost", concat(END_TO_END, STRIPPED), BODY));

    Recorded upstream = proxy.upstream().nextRequest();
    MultiMap seen = upstream.headers();
    for (String name : List.of("X-Hop-Custom", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Upgrade",
        "Proxy-Authorization", "Proxy-Authenticate", "x-api-key", "Cookie", "X-Forwarded-For", "X-Forwarded-Host",
        "X-Forwarded-Proto", "X-Forwarded-Port", "Forwarded", "X-Real-IP", "Via")) {
      assertThat(seen.getAll(name)).as(name).isEmpty();
    }
    // The proxy's own client may say keep-alive; it must not relay the client's list.
    assertThat(seen.getAll("connection")).allSatisfy(v -> assertThat(v.toLowerCase()).doesNotContain("x-hop-custom"));
    assertThat(seen.getAll("authorization")).containsExactly("Bearer " + ProxyHarness.TOKEN);
    assertThat(seen.getAll("x-api-provider")).containsExactly("anthropic");
    assertThat(seen.toString()).doesNotContain("leak");
    assertThat(upstream.body().toString()).isEqualTo(BODY);
  }

  @Test
  void clientHostAndForwardingHeadersNeverChangeTheDestination() {
    exchange(request("/v1/chat/completions", "evil.example.com:6666", STRIPPED, BODY));

    Recorded upstream = proxy.upstream().nextRequest();
    assertThat(upstream.uri()).isEqualTo("/api/llm/o/v1/chat/completions");
    assertThat(upstream.headers().getAll("host")).containsExactly("127.0.0.1:" + proxy.upstream().port());
  }

  @Test
  void anAbsoluteFormTargetNeverChangesTheDestination() {
    RawHttp.Response response = exchange(request("http://evil.example.com:6666/v1/messages?beta=true",
        "evil.example.com:6666", List.of(Map.entry("Content-Type", "application/json")), BODY));

    assertThat(response.status()).isEqualTo(200);
    Recorded upstream = proxy.upstream().nextRequest();
    assertThat(upstream.uri()).isEqualTo("/api/llm/a/v1/messages?beta=true");
    assertThat(upstream.headers().getAll("host")).containsExactly("127.0.0.1:" + proxy.upstream().port());
  }

  /** Headers some server or framework reads as a different URL, host or method. */
  private static final List<Map.Entry<String, String>> ROUTING_OVERRIDES = List.of(
      Map.entry("X-Original-URL", "/leak/admin"),
      Map.entry("X-Rewrite-URL", "/leak/admin"),
      Map.entry("X-Original-Host", "leak-original.example"),
      Map.entry("X-Host", "leak-host.example"),
      Map.entry("X-Forwarded-Server", "leak-server.example"),
      Map.entry("X-Forwarded-Prefix", "/leak"),
      Map.entry("X-Forwarded-Scheme", "leak"),
      Map.entry("X-HTTP-Method-Override", "DELETE-leak"),
      Map.entry("X-HTTP-Method", "DELETE-leak"),
      Map.entry("X-Method-Override", "DELETE-leak"),
      Map.entry("True-Client-IP", "203.0.113.9-leak"),
      Map.entry("X-Client-IP", "203.0.113.9-leak"));

  @Test
  void routingAndMethodOverrideHeadersStopAtTheProxy() {
    exchange(request("/v1/messages", "leak-host-header.example", ROUTING_OVERRIDES, BODY));

    Recorded upstream = proxy.upstream().nextRequest();
    assertThat(upstream.method()).isEqualTo("POST");
    assertThat(upstream.uri()).isEqualTo("/api/llm/a/v1/messages");
    assertThat(upstream.headers().getAll("host")).containsExactly("127.0.0.1:" + proxy.upstream().port());
    for (Map.Entry<String, String> header : ROUTING_OVERRIDES) {
      assertThat(upstream.headers().getAll(header.getKey())).as(header.getKey()).isEmpty();
    }
    assertThat(upstream.headers().toString()).doesNotContain("leak");
  }

  @Test
  void anEndToEndHeaderNamedInConnectionIsDroppedInBothDirections() {
    proxy.upstream().reply((vertx, request, response, done) -> {
      response.headers().add("Connection", "X-Custom-E2E").add("Connection", "request-id");
      response.putHeader("Content-Type", "application/json")
          .putHeader("X-Custom-E2E", "leak-listed")
          .putHeader("request-id", "leak-listed-id")
          .putHeader("X-Kept", "kept");
      done.run();
      response.end("{}");
    });
    // Two Connection headers, each listing a header that is end-to-end unless named there.
    RawHttp.Response response = exchange(request("/v1/messages", "localhost", List.of(
        Map.entry("Connection", "anthropic-beta"),
        Map.entry("Connection", "X-Stainless-Lang, keep-alive"),
        Map.entry("anthropic-beta", "leak-listed"),
        Map.entry("X-Stainless-Lang", "leak-listed"),
        Map.entry("anthropic-version", "2023-06-01")), BODY));

    MultiMap seen = proxy.upstream().nextRequest().headers();
    assertThat(seen.getAll("anthropic-beta")).isEmpty();
    assertThat(seen.getAll("x-stainless-lang")).isEmpty();
    assertThat(seen.getAll("anthropic-version")).containsExactly("2023-06-01");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.values("x-custom-e2e")).isEmpty();
    assertThat(response.values("request-id")).isEmpty();
    assertThat(response.values("x-kept")).containsExactly("kept");
    assertThat(response.headers().toString()).doesNotContain("leak");
  }

  /** An upstream answer with every kind of response header: end-to-end and hop-by-hop. */
  private static Reply upstreamWithHopHeaders(boolean chunked) {
    return (vertx, request, response, done) -> {
      response.putHeader("Content-Type", "application/json")
          .putHeader("anthropic-ratelimit-requests-remaining", "42")
          .putHeader("request-id", "req_upstream_1")
          .putHeader("openai-processing-ms", "17")
          .putHeader("X-Custom-E2E", "kept")
          .putHeader("Set-Cookie", "upstream=1; Path=/")
          .putHeader("Connection", "keep-alive, X-Hop-Resp")
          .putHeader("X-Hop-Resp", "leak-hop-resp")
          .putHeader("Keep-Alive", "timeout=99")
          .putHeader("Proxy-Connection", "leak-proxy-connection")
          .putHeader("Proxy-Authenticate", "Basic realm=leak")
          .putHeader("TE", "leak-te")
          .putHeader("Trailer", "X-Leak-Trailer")
          .putHeader("Upgrade", "leak-upgrade/2");
      done.run();
      if (chunked) {
        response.setChunked(true);
        response.write("{\"id\":");
        response.end("\"msg_1\"}");
      } else {
        response.end("{\"id\":\"msg_1\"}");
      }
    };
  }

  /** A request answered by {@link #upstreamWithHopHeaders}, as the client receives it. */
  private RawHttp.Response answerWithHopHeaders(boolean chunked) {
    proxy.upstream().reply(upstreamWithHopHeaders(chunked));
    RawHttp.Response response = exchange(request("/v1/messages", "localhost", END_TO_END, BODY));
    assertThat(response.status()).isEqualTo(200);
    return response;
  }

  @Test
  void responseHopByHopHeadersStopAtTheProxyAndEndToEndOnesPass() {
    RawHttp.Response response = answerWithHopHeaders(false);

    assertThat(response.values("anthropic-ratelimit-requests-remaining")).containsExactly("42");
    assertThat(response.values("request-id")).containsExactly("req_upstream_1");
    assertThat(response.values("openai-processing-ms")).containsExactly("17");
    assertThat(response.values("x-custom-e2e")).containsExactly("kept");
    assertThat(response.values("set-cookie")).containsExactly("upstream=1; Path=/");
    assertThat(response.values("content-type")).containsExactly("application/json");
    for (String name : List.of("X-Hop-Resp", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "TE",
        "Trailer", "Upgrade")) {
      assertThat(response.values(name)).as(name).isEmpty();
    }
    assertThat(response.values("connection")).allSatisfy(v -> assertThat(v.toLowerCase()).doesNotContain("x-hop-resp"));
    assertThat(response.headers().toString()).doesNotContain("leak");
    assertThat(response.values("content-length")).containsExactly("14");
    assertThat(response.values("transfer-encoding")).isEmpty();
    assertThat(response.text()).isEqualTo("{\"id\":\"msg_1\"}");
  }

  @Test
  void chunkedUpstreamResponseIsChunkedOnceToTheClient() {
    RawHttp.Response response = answerWithHopHeaders(true);

    assertThat(response.values("transfer-encoding")).containsExactly("chunked");
    assertThat(response.values("content-length")).isEmpty();
    assertThat(response.values("x-custom-e2e")).containsExactly("kept");
    assertThat(response.values("x-hop-resp")).isEmpty();
    assertThat(response.text()).isEqualTo("{\"id\":\"msg_1\"}");
  }

  @Test
  void theConnectionSurvivesForASecondRequestAfterHopHeaders() {
    try (RawHttp http = RawHttp.connect(proxy.port())) {
      RawHttp.Response first = http.send(request("/v1/messages", "localhost", concat(END_TO_END, STRIPPED), BODY))
          .read(false);
      RawHttp.Response second = http.send(request("/v1/chat/completions", "localhost", END_TO_END, BODY)).read(false);

      assertThat(first.status()).isEqualTo(200);
      assertThat(second.status()).isEqualTo(200);
    }
    assertThat(proxy.upstream().requests()).extracting(Recorded::path)
        .containsExactly("/api/llm/a/v1/messages", "/api/llm/o/v1/chat/completions");
  }

  @Test
  void upstreamSeesTheBodyAsContentLengthNotChunked() {
    String chunkedRequest = "POST /v1/messages HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n"
        + Integer.toHexString(10) + "\r\n" + BODY.substring(0, 10) + "\r\n"
        + Integer.toHexString(BODY.length() - 10) + "\r\n" + BODY.substring(10) + "\r\n0\r\n\r\n";

    RawHttp.Response response = exchange(chunkedRequest);

    assertThat(response.status()).isEqualTo(200);
    Recorded upstream = proxy.upstream().nextRequest();
    assertThat(upstream.headers().getAll("transfer-encoding")).isEmpty();
    assertThat(upstream.headers().getAll("content-length")).containsExactly(String.valueOf(BODY.length()));
    assertThat(upstream.body()).isEqualTo(Buffer.buffer(BODY));
  }
}

package dev.factoryproxy.error;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Await;
import dev.factoryproxy.testing.ProxyExtension;
import dev.factoryproxy.testing.RawHttp;
import dev.factoryproxy.testing.Recorded;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The errors the proxy answers itself, each in the shape its route's SDK parses. */
class ProxyErrorsTest {

  private static final int LIMIT = 1024;

  @RegisterExtension
  final ProxyExtension proxy = ProxyExtension.with(new JsonObject().put("MAX_BODY_SIZE", "1KiB"));

  record Result(int status, MultiMap headers, Buffer body) {
  }

  private Result call(HttpMethod method, String uri, String contentType, Buffer body) {
    RequestOptions options = new RequestOptions().setMethod(method).setURI(uri);
    if (contentType != null) {
      options.putHeader("content-type", contentType);
    }
    return Await.result(proxy.client().request(options)
        .compose(req -> (body == null ? req.send() : req.send(body))
            .compose(resp -> resp.body().map(b -> new Result(resp.statusCode(), resp.headers(), b)))));
  }

  private Result post(String uri, String body) {
    return call(HttpMethod.POST, uri, "application/json", Buffer.buffer(body.getBytes(StandardCharsets.UTF_8)));
  }

  /** The OpenAI envelope, exactly: {"error":{"message","type","code"}}. */
  static JsonObject assertOpenaiShape(Buffer body, String type, String code) {
    JsonObject json = body.toJsonObject();
    assertThat(json.fieldNames()).containsExactly("error");
    JsonObject error = json.getJsonObject("error");
    assertThat(error.fieldNames()).containsExactlyInAnyOrder("message", "type", "code");
    assertThat(error.getString("type")).isEqualTo(type);
    assertThat(error.getString("code")).isEqualTo(code);
    assertThat(error.getString("message")).isNotBlank();
    return error;
  }

  /** The Anthropic envelope, exactly: {"type":"error","error":{"type","message"}}. */
  static JsonObject assertAnthropicShape(Buffer body, String type) {
    JsonObject json = body.toJsonObject();
    assertThat(json.fieldNames()).containsExactlyInAnyOrder("type", "error");
    assertThat(json.getString("type")).isEqualTo("error");
    JsonObject error = json.getJsonObject("error");
    assertThat(error.fieldNames()).containsExactlyInAnyOrder("type", "message");
    assertThat(error.getString("type")).isEqualTo(type);
    assertThat(error.getString("message")).isNotBlank();
    return error;
  }

  private void assertUpstreamNeverContacted() {
    // Order, not time: an accepted request sent now must be the first the upstream ever saw.
    assertThat(post("/v1/messages?probe=1", "{\"model\":\"m\"}").status()).isEqualTo(200);
    assertThat(proxy.upstream().requests()).extracting(Recorded::uri).containsExactly("/api/llm/a/v1/messages?probe=1");
  }

  // ---- 400 invalid JSON ------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"{not json", "", "   ", "[1,2,3]", "[{\"model\":\"m\"}]", "\"a string\"", "42", "null",
      "{\"model\":\"m\"} trailing", "{\"model\":\"m\"}{\"model\":\"n\"}", "{\"model\":\"m\"", "{\"model\":}",
      "{\"model\":\"m\",}", "{'model':'m'}"})
  void invalidJsonIsA400InEveryRoutesShape(String body) {
    Result chat = post("/v1/chat/completions", body);
    Result responses = post("/v1/responses", body);
    Result messages = post("/v1/messages", body);

    assertThat(chat.status()).isEqualTo(400);
    assertThat(chat.headers().get("content-type")).startsWith("application/json");
    assertOpenaiShape(chat.body(), "invalid_request_error", "invalid_json");
    assertThat(responses.status()).isEqualTo(400);
    assertOpenaiShape(responses.body(), "invalid_request_error", "invalid_json");
    assertThat(messages.status()).isEqualTo(400);
    assertThat(messages.headers().get("content-type")).startsWith("application/json");
    assertAnthropicShape(messages.body(), "invalid_request_error");
    assertUpstreamNeverContacted();
  }

  @Test
  void aPostWithNoBodyAtAllIsA400() {
    Result r = call(HttpMethod.POST, "/v1/messages", null, null);

    assertThat(r.status()).isEqualTo(400);
    assertThat(assertAnthropicShape(r.body(), "invalid_request_error").getString("message")).contains("empty");
  }

  @Test
  void invalidJsonMessagesSayWhatIsWrong() {
    assertThat(assertOpenaiShape(post("/v1/chat/completions", "").body(), "invalid_request_error", "invalid_json")
        .getString("message")).contains("empty");
    assertThat(assertOpenaiShape(post("/v1/chat/completions", "[]").body(), "invalid_request_error", "invalid_json")
        .getString("message")).contains("JSON object");
    assertThat(assertOpenaiShape(post("/v1/chat/completions", "{} {}").body(), "invalid_request_error",
        "invalid_json").getString("message")).contains("more than one");
  }

  // ---- 413 body too large ----------------------------------------------------------------

  @Test
  void aBodyAtTheLimitIsForwarded() {
    String body = "{\"model\":\"m\",\"pad\":\"" + "x".repeat(LIMIT - 22) + "\"}";
    assertThat(body).hasSize(LIMIT);

    assertThat(post("/v1/messages", body).status()).isEqualTo(200);
    assertThat(proxy.upstream().nextRequest().body().length()).isEqualTo(LIMIT);
  }

  @Test
  void aBodyOneByteOverTheLimitIs413() {
    String body = "{\"model\":\"m\",\"pad\":\"" + "x".repeat(LIMIT - 21) + "\"}";

    Result r = post("/v1/chat/completions", body);

    assertThat(r.status()).isEqualTo(413);
    assertThat(assertOpenaiShape(r.body(), "invalid_request_error", "request_too_large").getString("message"))
        .contains("MAX_BODY_SIZE");
    assertUpstreamNeverContacted();
  }

  @ParameterizedTest
  @CsvSource({"/v1/messages, anthropic", "/v1/chat/completions, openai", "/v1/responses, openai"})
  void declaredContentLengthOverTheLimitIs413BeforeTheBodyIsSent(String path, String shape) {
    RawHttp.Response response;
    try (RawHttp http = RawHttp.connect(proxy.port())) {
      // Only the head: the proxy must answer from Content-Length alone, not wait for 5000 bytes.
      response = http.send("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Content-Length: 5000\r\n\r\n").read(false);
    }

    assertThat(response.status()).isEqualTo(413);
    assertThat(response.values("connection")).containsExactly("close");
    assertBodyShape(Buffer.buffer(response.body()), shape);
    assertUpstreamNeverContacted();
  }

  @ParameterizedTest
  @CsvSource({"/v1/messages, anthropic", "/v1/chat/completions, openai"})
  void chunkedBodyCrossingTheLimitIs413WithoutWaitingForItsEnd(String path, String shape) {
    String chunk = "{\"model\":\"m\",\"pad\":\"" + "x".repeat(700);
    RawHttp.Response response;
    try (RawHttp http = RawHttp.connect(proxy.port())) {
      // Two chunks of 720 bytes cross 1 KiB; the terminating chunk is never sent.
      response = http.send("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n"
          + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n"
          + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n").read(false);
    }

    assertThat(response.status()).isEqualTo(413);
    assertBodyShape(Buffer.buffer(response.body()), shape);
    assertUpstreamNeverContacted();
  }

  @Test
  void chunkedBodyUnderTheLimitIsForwarded() {
    String body = "{\"model\":\"m\",\"pad\":\"" + "x".repeat(300) + "\"}";
    RawHttp.Response response;
    try (RawHttp http = RawHttp.connect(proxy.port())) {
      response = http.send("POST /v1/messages HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n"
          + Integer.toHexString(100) + "\r\n" + body.substring(0, 100) + "\r\n"
          + Integer.toHexString(body.length() - 100) + "\r\n" + body.substring(100) + "\r\n0\r\n\r\n").read(false);
    }

    assertThat(response.status()).isEqualTo(200);
    assertThat(proxy.upstream().nextRequest().body().toString()).isEqualTo(body);
  }

  private static void assertBodyShape(Buffer body, String shape) {
    if (shape.equals("anthropic")) {
      assertAnthropicShape(body, "request_too_large");
    } else {
      assertOpenaiShape(body, "invalid_request_error", "request_too_large");
    }
  }

  // ---- 404 and 405 -----------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"/nope", "/v2/chat/completions", "/v1/embeddings", "/healthz"})
  void unknownPathIsA404InOpenaiShape(String path) {
    Result r = post(path, "{\"model\":\"m\"}");

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.headers().get("content-type")).startsWith("application/json");
    assertThat(assertOpenaiShape(r.body(), "invalid_request_error", "not_found").getString("message"))
        .contains(path).contains("GET /");
    assertUpstreamNeverContacted();
  }

  @Test
  void unknownPathUnderAnAnthropicRouteIsA404InAnthropicShape() {
    Result r = post("/v1/messages/batches", "{\"model\":\"m\"}");

    assertThat(r.status()).isEqualTo(404);
    assertAnthropicShape(r.body(), "not_found_error");
  }

  @Test
  void getOnAMessagesRouteIsA405InAnthropicShape() {
    Result r = call(HttpMethod.GET, "/v1/messages", null, null);

    assertThat(r.status()).isEqualTo(405);
    assertThat(r.headers().get("content-type")).startsWith("application/json");
    assertThat(assertAnthropicShape(r.body(), "invalid_request_error").getString("message"))
        .contains("GET /v1/messages");
    assertUpstreamNeverContacted();
  }

  @ParameterizedTest
  @CsvSource({"GET, /v1/chat/completions", "PUT, /v1/responses", "DELETE, /v1/chat/completions", "POST, /health",
      "POST, /"})
  void wrongMethodIsA405InOpenaiShape(String method, String path) {
    Result r = call(HttpMethod.valueOf(method), path, null, null);

    assertThat(r.status()).isEqualTo(405);
    assertOpenaiShape(r.body(), "invalid_request_error", "method_not_allowed");
  }

  // ---- form-encoded JSON (curl -d) -------------------------------------------------------

  @Test
  void jsonWithPercentSentAsFormEncodedIsForwardedByteForByte() {
    String body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"100% sure? 50%off %zz %\"}]}";

    Result r = call(HttpMethod.POST, "/v1/messages", "application/x-www-form-urlencoded",
        Buffer.buffer(body.getBytes(StandardCharsets.UTF_8)));

    assertThat(r.status()).isEqualTo(200);
    Recorded upstream = proxy.upstream().nextRequest();
    assertThat(upstream.body()).isEqualTo(Buffer.buffer(body.getBytes(StandardCharsets.UTF_8)));
    assertThat(upstream.headers().get("content-type")).isEqualTo("application/x-www-form-urlencoded");
  }
}

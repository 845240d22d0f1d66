package dev.factoryproxy.body;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Await;
import dev.factoryproxy.testing.ProxyExtension;
import dev.factoryproxy.testing.Reply;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** MODEL_ALIASES end to end: only the model string changes; every other byte goes as sent. */
class ModelAliasesTest {

  private static final String TARGET = "claude-sonnet-4-5-20250929";

  @RegisterExtension
  final ProxyExtension proxy = ProxyExtension.with(new JsonObject()
      .put("MODEL_ALIASES", new JsonObject().put("sonnet", TARGET).put("gpt", "gpt-5-codex")));

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private Buffer sendAndReceiveUpstream(String path, byte[] body) {
    int status = Await.result(proxy.client()
        .request(new RequestOptions().setMethod(HttpMethod.POST).setURI(path).putHeader("content-type", "application/json"))
        .compose(req -> req.send(Buffer.buffer(body))
            .compose(resp -> resp.body().map(b -> resp.statusCode()))));
    assertThat(status).isEqualTo(200);
    return proxy.upstream().nextRequest().body();
  }

  @Test
  void onlyTheModelStringChanges() {
    String before = "{\n  \"max_tokens\" :1024,\"messages\":[{\"role\":\"user\",\"content\":\"h\\u00e9llo \\\"model\\\":\\\"sonnet\\\" — ünïcödé 🎉\"}],\n"
        + "\t\"model\"   :   \"sonnet\"  ,  \"metadata\":{\"model\":\"sonnet\"},\"stream\":false ,\"temperature\":1.0e0}  \n";
    String expected = before.replace("\"model\"   :   \"sonnet\"", "\"model\"   :   \"" + TARGET + "\"");
    assertThat(expected).isNotEqualTo(before);

    Buffer upstream = sendAndReceiveUpstream("/v1/messages", utf8(before));

    assertThat(upstream).isEqualTo(Buffer.buffer(utf8(expected)));
  }

  @Test
  void anAliasSpelledWithEscapesIsReplacedWhole() {
    String before = "{\"system\":\"s\",\"model\":\"son\\u006eet\",\"x\":[]}";
    String expected = "{\"system\":\"s\",\"model\":\"" + TARGET + "\",\"x\":[]}";

    assertThat(sendAndReceiveUpstream("/v1/messages", utf8(before))).isEqualTo(Buffer.buffer(utf8(expected)));
  }

  @Test
  void aliasesApplyOnEveryRoute() {
    String before = "{\"input\":\"hi\",\"model\":\"gpt\"}";
    String expected = "{\"input\":\"hi\",\"model\":\"gpt-5-codex\"}";

    assertThat(sendAndReceiveUpstream("/v1/responses", utf8(before))).isEqualTo(Buffer.buffer(utf8(expected)));
    assertThat(sendAndReceiveUpstream("/v1/chat/completions", utf8(before))).isEqualTo(Buffer.buffer(utf8(expected)));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"model\":\"claude-opus-4-1\",\"messages\":[]}",
      "{ \"messages\" : [ {\"model\":\"sonnet\"} ] , \"model\" : \"Sonnet\" }",
      "{\"metadata\":{\"model\":\"sonnet\"}}",
      "{\"model\":\"sonnet \"}",
      "{\"model\":null,\"x\":\"sonnet\"}",
      "{\"model\":\"" + TARGET + "\"}",
      "{\"content\":\"\\u00e9\\ud83c\\udf89\",\"model\":\"m\",\"n\":1.50}"})
  void nonAliasModelsGoByteForByte(String body) {
    assertThat(sendAndReceiveUpstream("/v1/messages", utf8(body))).isEqualTo(Buffer.buffer(utf8(body)));
  }

  @Test
  void aStreamObjectHoldingAModelKeyIsForwardedUntouched() {
    // Not what an SDK sends, but valid JSON: it must reach the upstream, not be a 400,
    // and the alias inside the "stream" object is not the top-level model.
    String body = "{\"stream\":{\"model\":\"sonnet\"},\"model\":\"claude-opus\"}";

    assertThat(sendAndReceiveUpstream("/v1/messages", utf8(body))).isEqualTo(Buffer.buffer(utf8(body)));
  }

  @Test
  void theUpstreamContentLengthMatchesTheRewrittenBody() {
    Await.result(proxy.client()
        .request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/messages"))
        .compose(req -> req.send(Buffer.buffer("{\"model\":\"sonnet\"}"))
            .compose(resp -> resp.body())));

    var recorded = proxy.upstream().nextRequest();
    assertThat(recorded.body().toString()).isEqualTo("{\"model\":\"" + TARGET + "\"}");
    assertThat(recorded.headers().getAll("content-length")).containsExactly(String.valueOf(recorded.body().length()));
  }

  @Test
  void aLargeBodyArrivingInManyChunksIsSplicedExactly() {
    StringBuilder text = new StringBuilder("{\"messages\":[");
    for (int i = 0; i < 400; i++) {
      text.append(i == 0 ? "" : ",").append("{\"role\":\"user\",\"content\":\"").append("ü".repeat(200))
          .append(i).append("\"}");
    }
    String before = text.append("],\"model\":\"sonnet\",\"max_tokens\":1}").toString();
    String expected = before.replace("\"model\":\"sonnet\"", "\"model\":\"" + TARGET + "\"");
    byte[] bytes = utf8(before);
    assertThat(bytes.length).isGreaterThan(150_000);

    int status = Await.result(proxy.client()
        .request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/messages"))
        .compose(req -> {
          req.setChunked(true);
          for (int i = 0; i < bytes.length; i += 8192) {
            req.write(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + 8192))));
          }
          req.end();
          // Registered in the same callback, so the body cannot end before someone listens.
          return req.response().compose(resp -> resp.body().map(b -> resp.statusCode()));
        }));

    assertThat(status).isEqualTo(200);
    assertThat(proxy.upstream().nextRequest().body()).isEqualTo(Buffer.buffer(utf8(expected)));
  }

  @Test
  void theClientSeesTheUpstreamAnswerUnchanged() {
    String answer = "{\"model\":\"" + TARGET + "\",\"content\":[]}";
    proxy.upstream().reply(Reply.json(200, answer, Map.of()));

    String received = Await.result(proxy.client()
        .request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/messages"))
        .compose(req -> req.send(Buffer.buffer("{\"model\":\"sonnet\"}"))
            .compose(resp -> resp.body())))
        .toString();

    assertThat(received).isEqualTo(answer);
  }
}

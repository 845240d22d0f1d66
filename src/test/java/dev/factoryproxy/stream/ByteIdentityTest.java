package dev.factoryproxy.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Await;
import dev.factoryproxy.testing.ClientExchange;
import dev.factoryproxy.testing.ProxyExtension;
import dev.factoryproxy.testing.Recorded;
import dev.factoryproxy.testing.Reply;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The proxy is transparent to bytes: a request body reaches Factory exactly as the client
 * wrote it, whatever it holds, and a response body reaches the client exactly as Factory
 * wrote it, however its chunks cut through multibyte characters.
 */
class ByteIdentityTest {

  @RegisterExtension
  final ProxyExtension proxy = ProxyExtension.defaults();

  /**
   * An Anthropic request with everything a real one carries, written the way no serializer
   * would write it: odd whitespace and key order, escapes next to raw UTF-8, number spellings
   * a re-encoder would normalise, and a base64 image big enough to arrive in many pieces.
   */
  static Buffer awkwardBody() {
    byte[] image = new byte[300 * 1024];
    new Random(42).nextBytes(image);
    String base64 = Base64.getEncoder().encodeToString(image);
    String json = "{\r\n"
        + "  \"system\" :[ {\"cache_control\":{\"type\":\"ephemeral\"},\"type\":\"text\",\t\"text\":"
        + "\"You are an \\u00e9l\u00e8ve \u2014 r\u00e9ponds en fran\u00e7ais. \\\"quoted\\\" \\\\ \\/ \\n\"} ],\n"
        + "\t\"max_tokens\":   4096 ,\"model\"  :  \"claude-sonnet-4-5\",\n"
        + "  \"thinking\" : {\"budget_tokens\":2048,\"type\":\"enabled\"},\n"
        + "  \"metadata\":{\"user_id\":\"u-\u4e16\u754c-1\"},\n"
        + "  \"tools\":[{\"name\":\"get_weather\",\"description\":\"Weather for a city \ud83c\udf26\ufe0f\","
        + "\"input_schema\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]},"
        + "\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"1h\"}}],\n"
        + "  \"tool_choice\":{\"type\":\"auto\",\"disable_parallel_tool_use\":false},\n"
        + "  \"messages\":[{\"role\":\"user\",\"content\":["
        + "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"" + base64 + "\"}},"
        + "{\"type\":\"text\",\"text\":\"\u00e7a va ? \u65e5\u672c\u8a9e \ud83d\udc4d\ud83c\udffd \\ud83d\\ude80 \\u0000-escaped\","
        + "\"cache_control\":{\"type\":\"ephemeral\"}}]},"
        + "{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"hmm\",\"signature\":\"c2ln==\"}]}],\n"
        + "  \"x_unknown_field\": {\"nested\": [1, 2.50, -0.0, 1E3, 1e-7, true, false, null, {}, []]},\n"
        + "  \"stream\":false   \n"
        + "}\r\n\t ";
    return Buffer.buffer(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void requestBodyReachesUpstreamIdenticalAndEchoComesBackIdentical() {
    Buffer sent = awkwardBody();
    proxy.upstream().reply(Reply.echo());

    ClientExchange call = ClientExchange.post(proxy.client(), "/v1/messages", sent, ClientExchange.jsonHeaders());
    Buffer back = Await.result(call.body());
    Recorded received = proxy.upstream().nextRequest();

    assertThat(received.body().length()).isEqualTo(sent.length());
    assertThat(received.body().getBytes()).isEqualTo(sent.getBytes());
    assertThat(received.headers().get("content-length")).isEqualTo(String.valueOf(sent.length()));
    assertThat(back.getBytes()).isEqualTo(sent.getBytes());
  }

  @Test
  void chunkedRequestBodySplitInsideCharactersReachesUpstreamIdentical() {
    Buffer sent = awkwardBody();
    proxy.upstream().reply(Reply.echo());
    // Cut the body at every multibyte character in the system prompt and at odd offsets.
    List<Buffer> pieces = splitInsideMultibyte(sent, 64);

    HttpClientRequest request = Await.result(proxy.client().request(new RequestOptions()
        .setMethod(HttpMethod.POST).setURI("/v1/messages").putHeader("content-type", "application/json")));
    request.setChunked(true);
    for (Buffer piece : pieces) {
      request.write(piece);
    }
    request.end();
    Buffer back = Await.result(request.response().compose(HttpClientResponse::body));
    Recorded received = proxy.upstream().nextRequest();

    assertThat(pieces.size()).isGreaterThan(5);
    assertThat(received.body().getBytes()).isEqualTo(sent.getBytes());
    assertThat(back.getBytes()).isEqualTo(sent.getBytes());
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/event-stream", "application/json"})
  void responseChunksSplitInsideMultibyteCharactersArriveIdentical(String contentType) {
    String text = "data: {\"delta\":\"caf\u00e9 \u4e16\u754c \ud83d\ude80 na\u00efve \ud83d\udc4d\ud83c\udffd\"}\n\n"
        + "data: {\"delta\":\"\u00e9\u4e16\ud83d\ude80\"}\n\n";
    Buffer whole = Reply.utf8(text);
    List<Buffer> chunks = splitInsideMultibyte(whole, Integer.MAX_VALUE);
    // Every multibyte character is cut: "é" after its first byte, "世" after its first and
    // second, "🚀" after its first, second and third, and so on.
    assertThat(chunks.size()).isGreaterThan(10);
    proxy.upstream().reply(Reply.chunks(contentType, chunks, Duration.ofMillis(15)));

    ClientExchange call = ClientExchange.post(proxy.client(), "/v1/chat/completions", "{\"model\":\"m\",\"stream\":true}");
    Buffer body = Await.result(call.body(), Duration.ofSeconds(10));

    assertThat(body.getBytes()).isEqualTo(whole.getBytes());
    assertThat(body.toString(StandardCharsets.UTF_8)).isEqualTo(text);
  }

  /**
   * Cuts {@code whole} inside each of its first {@code maxCuts} multibyte UTF-8 characters,
   * after every byte but the last of each, so no piece ends on a character boundary there.
   */
  static List<Buffer> splitInsideMultibyte(Buffer whole, int maxCuts) {
    byte[] bytes = whole.getBytes();
    List<Buffer> pieces = new ArrayList<>();
    int from = 0;
    int cuts = 0;
    for (int i = 0; i < bytes.length && cuts < maxCuts; i++) {
      boolean continuationFollows = i + 1 < bytes.length && (bytes[i + 1] & 0xC0) == 0x80;
      if ((bytes[i] & 0x80) != 0 && continuationFollows) {
        pieces.add(Buffer.buffer(Arrays.copyOfRange(bytes, from, i + 1)));
        from = i + 1;
        cuts++;
      }
    }
    pieces.add(Buffer.buffer(Arrays.copyOfRange(bytes, from, bytes.length)));
    return pieces;
  }
}

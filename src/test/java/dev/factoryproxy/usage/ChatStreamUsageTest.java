package dev.factoryproxy.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Await;
import dev.factoryproxy.testing.ClientExchange;
import dev.factoryproxy.testing.ProxyExtension;
import dev.factoryproxy.testing.Recorded;
import dev.factoryproxy.testing.Reply;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Chat Completions stream reports usage only when asked: the proxy asks for a client that did
 * not, hides the usage chunk from it, and so the client sees exactly what it would have seen.
 */
class ChatStreamUsageTest {

  private static final String BODY = "{\"model\":\"glm-4.7\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  @RegisterExtension
  final ProxyExtension proxy = ProxyExtension.startedByTest();

  @Test
  void theProxyAsksForUsageAndTheClientSeesTheStreamWithoutIt() {
    proxy.start();
    List<String> upstream = chunks(true);
    proxy.upstream().reply(Reply.sse(upstream, Duration.ZERO));

    String received = post(BODY);

    Recorded sent = proxy.upstream().nextRequest();
    String sentBody = sent.body().toString(StandardCharsets.UTF_8);
    assertThat(sentBody).isEqualTo(BODY.substring(0, BODY.length() - 1) + ",\"stream_options\":{\"include_usage\":true}}");
    assertThat(new JsonObject(sentBody).getJsonObject("stream_options").getBoolean("include_usage")).isTrue();
    assertThat(received).isEqualTo(String.join("", chunks(false)));
    assertThat(received).doesNotContain("\"usage\"");
  }

  @Test
  void aClientThatAskedForUsageGetsItsBytesAndTheUsageChunkUnchanged() {
    proxy.start();
    List<String> upstream = chunks(true);
    proxy.upstream().reply(Reply.sse(upstream, Duration.ZERO));
    String asked = BODY.replace("\"stream\":true", "\"stream\":true,\"stream_options\":{\"include_usage\":true}");

    String received = post(asked);

    assertThat(proxy.upstream().nextRequest().body().toString(StandardCharsets.UTF_8)).isEqualTo(asked);
    assertThat(received).isEqualTo(String.join("", upstream));
  }

  @Test
  void turnedOffTheBodyGoesByteForByte() {
    proxy.start(new JsonObject().put("CHAT_STREAM_USAGE", "false"));
    proxy.upstream().reply(Reply.sse(chunks(false), Duration.ZERO));

    String received = post(BODY);

    assertThat(proxy.upstream().nextRequest().body().toString(StandardCharsets.UTF_8)).isEqualTo(BODY);
    assertThat(received).isEqualTo(String.join("", chunks(false)));
  }

  @Test
  void aNonStreamedRequestIsNotTouched() {
    proxy.start();
    String body = BODY.replace("\"stream\":true", "\"stream\":false");

    post(body);

    assertThat(proxy.upstream().nextRequest().body().toString(StandardCharsets.UTF_8)).isEqualTo(body);
  }

  private String post(String body) {
    ClientExchange exchange = ClientExchange.post(proxy.client(), "/v1/chat/completions",
        Buffer.buffer(body), ClientExchange.jsonHeaders());
    return Await.result(exchange.body()).toString(StandardCharsets.UTF_8);
  }

  /** A GLM stream as Fireworks sends it, with the usage-only chunk before [DONE] when asked. */
  private static List<String> chunks(boolean withUsage) {
    List<String> chunks = new ArrayList<>();
    chunks.add(chunk(new JsonObject().put("role", "assistant").put("content", ""), null));
    chunks.add(chunk(new JsonObject().put("content", "Hello ✓"), null));
    chunks.add(chunk(new JsonObject(), "stop"));
    if (withUsage) {
      chunks.add("data: " + new JsonObject().put("id", "chatcmpl-1").put("object", "chat.completion.chunk")
          .put("created", 1).put("model", "glm-4.7").put("choices", new JsonArray())
          .put("usage", new JsonObject().put("prompt_tokens", 9).put("completion_tokens", 3).put("total_tokens", 12))
          .encode() + "\n\n");
    }
    chunks.add("data: [DONE]\n\n");
    return chunks;
  }

  private static String chunk(JsonObject delta, String finish) {
    return "data: " + new JsonObject().put("id", "chatcmpl-1").put("object", "chat.completion.chunk").put("created", 1)
        .put("model", "glm-4.7").put("choices", new JsonArray().add(new JsonObject().put("index", 0)
            .put("delta", delta).put("finish_reason", finish))).encode() + "\n\n";
  }
}

package dev.factoryproxy.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Await;
import dev.factoryproxy.testing.ClientExchange;
import dev.factoryproxy.testing.ProxyExtension;
import dev.factoryproxy.testing.Recorded;
import dev.factoryproxy.testing.Reply;
import dev.factoryproxy.testing.WireFormats;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Usage is read from every kind of answer, passed through or translated, streamed or not, and
 * {@code /admin/usage} adds up what the mock Factory reported.
 */
class UsageRecordingTest {

  private static final String KEY = "ck-usage-test-key";

  @RegisterExtension
  final ProxyExtension proxy = ProxyExtension.with(new JsonObject().put("PROXY_API_KEYS", KEY));

  @Test
  void theLedgerHoldsWhatEachAnswerReported() {
    Function<Recorded, Reply> replies = request -> {
      boolean stream = request.body().toJsonObject().getBoolean("stream", false);
      String model = request.body().toJsonObject().getString("model");
      if (request.path().endsWith("/o/v1/chat/completions")) {
        // As Fireworks answers when asked: the usage-only chunk before [DONE].
        String usage = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"" + model
            + "\",\"choices\":[],\"usage\":{\"prompt_tokens\":40,\"completion_tokens\":7,\"total_tokens\":47,"
            + "\"prompt_tokens_details\":{\"cached_tokens\":10}}}\n\n";
        var chunks = new java.util.ArrayList<>(WireFormats.chatChunks(model, "Hello there"));
        chunks.add(chunks.size() - 1, usage);
        return Reply.sse(chunks, Duration.ZERO);
      }
      return stream ? Reply.sse(WireFormats.anthropicEvents(model, "Hello from the mock"), Duration.ZERO)
          : Reply.json(WireFormats.anthropicMessage(model, "Hello from the mock"));
    };
    proxy.upstream().reply(replies);

    post("/v1/chat/completions", chat("glm-4.7"));                 // passthrough stream: 30 + 10 cached in, 7 out
    post("/v1/messages", messages("claude-sonnet-4-5-20250929"));  // passthrough JSON: 12 in, 4 out
    post("/v1/chat/completions", chat("claude-sonnet-4-5-20250929")); // translated stream: 12 in, 4 out

    JsonArray rows = usageRows();
    JsonObject glm = row(rows, "glm-4.7");
    assertThat(glm.getString("key")).isEqualTo("key-1");
    assertThat(glm.getLong("requests")).isEqualTo(1);
    assertThat(glm.getLong("input_tokens")).isEqualTo(30);
    assertThat(glm.getLong("cache_read_tokens")).isEqualTo(10);
    assertThat(glm.getLong("output_tokens")).isEqualTo(7);
    JsonObject claude = row(rows, "claude-sonnet-4-5-20250929");
    assertThat(claude.getLong("requests")).isEqualTo(2);
    assertThat(claude.getLong("input_tokens")).isEqualTo(24);
    assertThat(claude.getLong("output_tokens")).isEqualTo(8);
  }

  private static String chat(String model) {
    return new JsonObject().put("model", model).put("stream", true)
        .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "hi"))).encode();
  }

  private static String messages(String model) {
    return new JsonObject().put("model", model).put("max_tokens", 64)
        .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "hi"))).encode();
  }

  private void post(String uri, String body) {
    MultiMap headers = ClientExchange.jsonHeaders().add("authorization", "Bearer " + KEY);
    ClientExchange exchange = ClientExchange.post(proxy.client(), uri, Buffer.buffer(body), headers);
    Await.result(exchange.body());
    assertThat(exchange.response().result().statusCode()).isEqualTo(200);
  }

  /** The ledger is written when each exchange ends, just after its last byte: poll, bounded. */
  private JsonArray usageRows() {
    JsonArray[] rows = new JsonArray[1];
    Await.condition("three requests in the ledger", Duration.ofSeconds(10), () -> {
      rows[0] = Await.result(proxy.client().request(new RequestOptions().setMethod(HttpMethod.GET).setURI("/admin/usage"))
          .compose(req -> req.send().compose(resp -> resp.body())))
          .toJsonObject().getJsonArray("usage");
      return rows[0].stream().mapToLong(r -> ((JsonObject) r).getLong("requests")).sum() == 3;
    });
    return rows[0];
  }

  private static JsonObject row(JsonArray rows, String model) {
    return rows.stream().map(JsonObject.class::cast).filter(r -> model.equals(r.getString("model"))).findFirst()
        .orElseThrow(() -> new AssertionError("no usage row for " + model + " in " + rows.encode()));
  }
}

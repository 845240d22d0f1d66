package dev.factoryproxy.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Await;
import dev.factoryproxy.testing.ProxyHarness;
import dev.factoryproxy.testing.Reply;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code GET /admin/events}: guarded, one JSON figure set per event, and no obstacle to a graceful stop. */
@ExtendWith(VertxExtension.class)
class EventsHandlerTest {

  private static final String ADMIN = "admin-events-42";

  @Test
  void theFeedNeedsTheAdminKeySendsFiguresAndEndsAtShutdown(Vertx vertx) {
    ProxyHarness proxy = ProxyHarness.start(vertx, new JsonObject().put("ADMIN_API_KEY", ADMIN)
        .put("SHUTDOWN_TIMEOUT", "20s"));
    boolean closed = false;
    try {
      proxy.upstream().reply(r -> Reply.json("{\"id\":\"m\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],"
          + "\"model\":\"x\",\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":3,\"output_tokens\":4}}"));
      int unauthorized = Await.result(proxy.client().request(HttpMethod.GET, "/admin/events")
          .compose(req -> req.send().map(HttpClientResponse::statusCode)));
      assertThat(unauthorized).isEqualTo(401);
      int served = Await.result(proxy.client().request(new RequestOptions().setMethod(HttpMethod.POST)
          .setURI("/v1/messages")).compose(req -> req.send(Buffer.buffer("{\"model\":\"x\",\"max_tokens\":5}"))
          .compose(resp -> resp.body().map(b -> resp.statusCode()))));
      assertThat(served).isEqualTo(200);

      Promise<JsonObject> first = Promise.promise();
      Promise<Void> ended = Promise.promise();
      HttpClientResponse feed = Await.result(proxy.client().request(new RequestOptions().setURI("/admin/events")
          .addHeader("authorization", "Bearer " + ADMIN)).compose(req -> req.send()));
      assertThat(feed.statusCode()).isEqualTo(200);
      assertThat(feed.getHeader("content-type")).isEqualTo("text/event-stream");
      StringBuilder text = new StringBuilder();
      feed.handler(chunk -> {
        text.append(chunk.toString());
        int end = text.indexOf("\n\n");
        if (end > 0 && !first.future().isComplete()) {
          String data = text.substring(text.indexOf("data: ") + 6, end);
          first.complete(new JsonObject(data));
        }
      });
      feed.endHandler(v -> ended.tryComplete());
      feed.exceptionHandler(err -> ended.tryComplete());

      JsonObject figures = Await.result(first.future());
      assertThat(figures.getString("member")).isEqualTo("local");
      assertThat(figures.getLong("requests")).isEqualTo(1);
      assertThat(figures.getJsonObject("tokens_by_model").getLong("other")).isEqualTo(7);
      assertThat(figures.getJsonArray("recent")).hasSize(1);
      assertThat(figures.getJsonArray("recent").getJsonObject(0).getString("route")).isEqualTo("messages");
      assertThat(figures.getJsonArray("tokens").getJsonObject(0).getString("state")).isEqualTo("usable");
      assertThat(figures.containsKey("streams")).isTrue();
      assertThat(figures.encode()).doesNotContain(ProxyHarness.TOKEN).doesNotContain(ADMIN);

      long began = System.nanoTime();
      proxy.close();
      closed = true;
      Await.result(ended.future(), Duration.ofSeconds(5));
      assertThat(Duration.ofNanos(System.nanoTime() - began)).as("an open feed does not hold up the stop")
          .isLessThan(Duration.ofSeconds(10));
    } finally {
      if (!closed) {
        proxy.close();
      }
    }
  }
}

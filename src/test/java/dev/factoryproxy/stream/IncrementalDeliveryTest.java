package dev.factoryproxy.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Await;
import dev.factoryproxy.testing.ClientExchange;
import dev.factoryproxy.testing.ProxyExtension;
import dev.factoryproxy.testing.Reply;
import dev.factoryproxy.testing.WireFormats;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Server-sent events reach the client as the upstream sends them: nothing is held back until
 * the stream ends, and the 200 with its headers goes out before the model's first token.
 */
class IncrementalDeliveryTest {

  private static final long MS = 1_000_000L;

  @RegisterExtension
  final ProxyExtension proxy = ProxyExtension.defaults();

  @Test
  void eventsArriveAsTheUpstreamSendsThemNotAllAtTheEnd() {
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      events.add("event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"delta\":\"w"
          + i + "\"}\n\n");
    }
    List<Long> sent = new CopyOnWriteArrayList<>();
    long interval = 250;
    proxy.upstream().reply(paced(events, interval, sent));

    ClientExchange call = ClientExchange.post(proxy.client(), "/v1/responses", "{\"model\":\"gpt-5\",\"stream\":true}");
    Buffer body = Await.result(call.body(), Duration.ofSeconds(10));

    assertThat(body.toString(StandardCharsets.UTF_8)).isEqualTo(String.join("", events));
    List<Long> arrived = call.eventArrivals();
    assertThat(arrived).hasSize(6);
    assertThat(sent).hasSize(6);
    long upstreamSpan = sent.get(5) - sent.get(0);
    long clientSpan = arrived.get(5) - arrived.get(0);
    // A buffering proxy would deliver all six together: a span near zero.
    assertThat(clientSpan / MS)
        .as("ms between first and last event at the client (upstream span %d ms)", upstreamSpan / MS)
        .isGreaterThanOrEqualTo(upstreamSpan / 2 / MS);
    // The first event was in the client's hands long before the upstream wrote the last one.
    assertThat((sent.get(5) - arrived.get(0)) / MS)
        .as("ms from the first event's arrival to the upstream writing the last event")
        .isGreaterThanOrEqualTo(interval * 5 / 2);
    // And the events came one by one: at least four distinct arrival moments for six events.
    long distinct = arrived.stream().distinct().count();
    assertThat(distinct).isGreaterThanOrEqualTo(4);
  }

  @Test
  void eventStreamHeadersReachTheClientBeforeTheFirstEvent() {
    long firstEventDelay = 1500;
    String event = WireFormats.anthropicEvents("claude", "hi").get(0);
    proxy.upstream().reply((vertx, request, response, done) -> {
      response.setChunked(true).putHeader("content-type", "text/event-stream; charset=utf-8");
      response.writeHead();
      vertx.setTimer(firstEventDelay, id -> {
        if (!response.closed()) {
          done.run();
          response.end(event);
        }
      });
    });

    ClientExchange call = ClientExchange.post(proxy.client(), "/v1/messages", "{\"model\":\"claude\",\"stream\":true}");
    HttpClientResponse response = Await.result(call.response(), Duration.ofSeconds(10));
    assertThat(call.received().length()).as("bytes of body when the headers arrived").isZero();
    Buffer body = Await.result(call.body(), Duration.ofSeconds(10));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("content-type")).isEqualTo("text/event-stream; charset=utf-8");
    assertThat(body.toString(StandardCharsets.UTF_8)).isEqualTo(event);
    long headersToEvent = (call.eventArrivals().get(0) - call.headersNanos()) / MS;
    assertThat(headersToEvent)
        .as("ms the client held the 200 before the first event (upstream delayed it %d ms)", firstEventDelay)
        .isGreaterThanOrEqualTo(firstEventDelay / 2);
    assertThat((call.headersNanos() - call.startNanos()) / MS).isLessThan(firstEventDelay / 2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1/responses", "/v1/messages", "/v1/chat/completions"})
  void eventStreamsAreMarkedUncacheableAndUnbuffered(String path) {
    ClientExchange call = ClientExchange.post(proxy.client(), path, "{\"model\":\"m\",\"stream\":true}");
    HttpClientResponse response = Await.result(call.response());
    Await.result(call.body());

    assertThat(response.getHeader("content-type")).startsWith("text/event-stream");
    assertThat(response.headers().getAll("cache-control")).containsExactly("no-cache");
    assertThat(response.headers().getAll("x-accel-buffering")).containsExactly("no");
  }

  @Test
  void jsonResponsesAreNotMarkedAsEventStreams() {
    ClientExchange call = ClientExchange.post(proxy.client(), "/v1/messages", "{\"model\":\"m\",\"stream\":false}");
    HttpClientResponse response = Await.result(call.response());
    Await.result(call.body());

    assertThat(response.getHeader("content-type")).isEqualTo("application/json");
    assertThat(response.headers().contains("x-accel-buffering")).isFalse();
  }

  /** Like {@link Reply#sse}, also noting when each event was written. */
  private static Reply paced(List<String> events, long intervalMillis, List<Long> sent) {
    return (vertx, request, response, done) -> {
      response.setChunked(true).putHeader("content-type", "text/event-stream");
      response.writeHead();
      writeNext(vertx, response, events, 0, intervalMillis, sent, done);
    };
  }

  private static void writeNext(Vertx vertx, HttpServerResponse response, List<String> events,
                                int index, long intervalMillis, List<Long> sent, Runnable done) {
    if (response.closed()) {
      return;
    }
    sent.add(System.nanoTime());
    response.write(events.get(index));
    if (index == events.size() - 1) {
      done.run();
      response.end();
      return;
    }
    vertx.setTimer(intervalMillis, id -> writeNext(vertx, response, events, index + 1, intervalMillis, sent, done));
  }
}

package dev.factoryproxy.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Await;
import dev.factoryproxy.testing.ClientExchange;
import dev.factoryproxy.testing.ProxyExtension;
import dev.factoryproxy.testing.Recorded;
import dev.factoryproxy.testing.Reply;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * STREAM_IDLE_TIMEOUT bounds the silence between two chunks, not the length of a stream: an
 * upstream that stalls after its headers is cut (the client sees an abrupt end, Factory's
 * connection is closed), while a long stream that keeps talking is left alone.
 */
class StreamIdleTimeoutTest {

  private static final long MS = 1_000_000L;
  private static final Duration BOUND = Duration.ofSeconds(5);
  private static final String EVENT = "event: response.created\ndata: {\"type\":\"response.created\"}\n\n";

  @RegisterExtension
  final ProxyExtension proxy = ProxyExtension.startedByTest();

  @Test
  void aStreamThatStallsAfterAnEventIsCutAndTheUpstreamClosed() {
    proxy.start(new JsonObject().put("STREAM_IDLE_TIMEOUT", "300ms"));
    proxy.upstream().reply(Reply.sseThenStall(List.of(EVENT)));

    ClientExchange call = ClientExchange.post(proxy.client(), "/v1/responses", "{\"model\":\"m\",\"stream\":true}");
    Recorded upstream = proxy.upstream().nextRequest();
    HttpClientResponse response = Await.result(call.response(), BOUND);
    call.awaitCut(BOUND);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(call.received().toString(StandardCharsets.UTF_8)).isEqualTo(EVENT);
    long silence = (call.finishedNanos() - call.eventArrivals().get(0)) / MS;
    assertThat(silence).as("ms between the event and the cut").isBetween(250L, 3000L);
    Await.result(upstream.closedEarly(), BOUND);
    // Not just the request: the stalled connection to Factory itself is closed, not pooled.
    assertThat(proxy.upstream().awaitOpenConnectionsAtMost(0, BOUND)).as("upstream connections left open").isTrue();
  }

  @Test
  void aStreamThatStallsRightAfterItsHeadersIsCut() {
    // The model never produced a token: the 200 is already out, so the cut is the only signal.
    proxy.start(new JsonObject().put("STREAM_IDLE_TIMEOUT", "300ms"));
    proxy.upstream().reply(Reply.sseThenStall(List.of()));

    ClientExchange call = ClientExchange.post(proxy.client(), "/v1/messages", "{\"model\":\"m\",\"stream\":true}");
    Recorded upstream = proxy.upstream().nextRequest();
    HttpClientResponse response = Await.result(call.response(), BOUND);
    call.awaitCut(BOUND);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(call.received().length()).isZero();
    assertThat((call.finishedNanos() - call.headersNanos()) / MS).isBetween(200L, 3000L);
    Await.result(upstream.closedEarly(), BOUND);
  }

  @Test
  void aStreamOutlivingEveryTimeoutButIdleCompletesIntact() {
    // Every limit but the idle one is far shorter than the stream: connect, response (headers
    // come after 150 ms of 250), header (the client's connection is busy the whole time) and
    // shutdown are no total timers. Events every 100 ms under a 600 ms idle timeout.
    proxy.start(new JsonObject()
        .put("CONNECT_TIMEOUT", "250ms")
        .put("RESPONSE_TIMEOUT", "250ms")
        .put("HEADER_TIMEOUT", "250ms")
        .put("SHUTDOWN_TIMEOUT", "250ms")
        .put("STREAM_IDLE_TIMEOUT", "600ms"));
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      events.add("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
          + "\"delta\":{\"type\":\"text_delta\",\"text\":\"t" + i + "\"}}\n\n");
    }
    events.add("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    proxy.upstream().reply(Reply.delayed(Duration.ofMillis(150), Reply.sse(events, Duration.ofMillis(100))));

    ClientExchange call = ClientExchange.post(proxy.client(), "/v1/messages", "{\"model\":\"m\",\"stream\":true}");
    Buffer body = Await.result(call.body(), BOUND);
    Recorded upstream = proxy.upstream().nextRequest();

    assertThat(body.toString(StandardCharsets.UTF_8)).isEqualTo(String.join("", events));
    assertThat((call.finishedNanos() - call.startNanos()) / MS).as("stream duration ms")
        .isGreaterThan(2000L).isLessThan(15_000L);
    assertThat(upstream.closedEarly().isComplete()).isFalse();
  }

  @Test
  void aLongStreamThatKeepsTalkingIsNotCut() {
    // Events every 200 ms for 1.4 s, under a 500 ms idle timeout: the whole stream lasts
    // almost three idle timeouts, but no gap comes near one.
    proxy.start(new JsonObject().put("STREAM_IDLE_TIMEOUT", "500ms"));
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      events.add("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"t" + i + "\"}}]}\n\n");
    }
    events.add("data: [DONE]\n\n");
    proxy.upstream().reply(Reply.sse(events, Duration.ofMillis(200)));

    ClientExchange call = ClientExchange.post(proxy.client(), "/v1/chat/completions", "{\"model\":\"m\",\"stream\":true}");
    Buffer body = Await.result(call.body(), BOUND);
    Recorded upstream = proxy.upstream().nextRequest();

    assertThat(body.toString(StandardCharsets.UTF_8)).isEqualTo(String.join("", events));
    assertThat((call.finishedNanos() - call.headersNanos()) / MS).as("stream duration ms").isGreaterThan(1000L);
    assertThat(upstream.closedEarly().isComplete()).isFalse();
  }
}

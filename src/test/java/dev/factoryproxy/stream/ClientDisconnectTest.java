package dev.factoryproxy.stream;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.spi.FilterReply;
import dev.factoryproxy.testing.Await;
import dev.factoryproxy.testing.ClientExchange;
import dev.factoryproxy.testing.ProxyHarness;
import dev.factoryproxy.testing.RawHttp;
import dev.factoryproxy.testing.RawPost;
import dev.factoryproxy.testing.Recorded;
import dev.factoryproxy.testing.Reply;
import dev.factoryproxy.testing.WireFormats;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * When the client goes away, Factory hears of it at once: the proxy closes the upstream
 * connection, so the model stops generating tokens nobody will read. Whether the client
 * leaves while the model is still thinking or halfway through the stream. A client leaving is
 * routine: nothing is logged as an error.
 */
@ExtendWith(VertxExtension.class)
class ClientDisconnectTest {

  private static final long MS = 1_000_000L;
  private static final Duration BOUND = Duration.ofSeconds(5);

  private ProxyHarness proxy;
  /** Everything logged at ERROR during a test: a client leaving is routine, not an error. */
  private final ListAppender<ILoggingEvent> errors = new ListAppender<>();

  @BeforeEach
  void start(Vertx vertx) {
    errors.addFilter(new Filter<>() {
      @Override
      public FilterReply decide(ILoggingEvent event) {
        return event.getLevel().isGreaterOrEqual(Level.ERROR) ? FilterReply.NEUTRAL : FilterReply.DENY;
      }
    });
    errors.start();
    rootLogger().addAppender(errors);
    proxy = ProxyHarness.start(vertx);
  }

  @AfterEach
  void stop() {
    proxy.close();
    rootLogger().detachAppender(errors);
    assertThat(lines(errors)).as("errors logged").isEmpty();
  }

  private static Logger rootLogger() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  @Test
  void disconnectBeforeAnyUpstreamByteClosesTheUpstreamConnection() {
    proxy.upstream().reply(Reply.hang());
    ClientExchange call = ClientExchange.post(proxy.client(), "/v1/messages", "{\"model\":\"m\",\"stream\":true}");
    Recorded upstream = proxy.upstream().nextRequest();

    long closed = System.nanoTime();
    call.disconnect();

    Await.result(upstream.closedEarly(), BOUND);
    assertThat((System.nanoTime() - closed) / MS).as("ms until the upstream saw the close").isLessThan(2000);
  }

  @Test
  void disconnectWhileTheUpstreamDelaysItsHeadersClosesTheUpstreamBeforeItAnswers() {
    long headersDelay = 4000;
    proxy.upstream().reply(Reply.delayed(Duration.ofMillis(headersDelay),
        Reply.sse(WireFormats.responsesEvents("gpt-5", "too late"), Duration.ZERO)));
    ClientExchange call = ClientExchange.post(proxy.client(), "/v1/responses", "{\"model\":\"gpt-5\",\"stream\":true}");
    Recorded upstream = proxy.upstream().nextRequest();
    long received = System.nanoTime();

    call.disconnect();

    Await.result(upstream.closedEarly(), BOUND);
    assertThat((System.nanoTime() - received) / MS)
        .as("ms from the request reaching upstream to the upstream seeing the close")
        .isLessThan(headersDelay / 2);
  }

  @Test
  void aRequestWaitingForAPooledConnectionIsNeverSentOnceItsClientLeft(Vertx vertx) {
    // One upstream connection: the second request queues behind the first. Its client leaves
    // while it waits; when the connection frees up it must go to the third request, and the
    // abandoned one must never reach Factory (it would be billed and answered to nobody).
    proxy.close();
    proxy = ProxyHarness.start(vertx, new JsonObject()
        .put("UPSTREAM_POOL_SIZE", 1).put("CONNECT_TIMEOUT", "10s"));
    Promise<Void> release = Promise.promise();
    proxy.upstream().reply(r -> r.uri().endsWith("n=1")
        ? (v, request, response, done) -> release.future().onComplete(x -> {
          done.run();
          response.putHeader("content-type", "application/json").end("{\"n\":1}");
        })
        : Reply.json("{\"n\":3}"));

    ClientExchange first = ClientExchange.post(proxy.client(), "/v1/responses?n=1", "{\"model\":\"m\"}");
    proxy.upstream().nextRequest();
    ListAppender<ILoggingEvent> accessLog = new ListAppender<>();
    accessLog.start();
    Logger access = (Logger) LoggerFactory.getLogger("dev.factoryproxy.access");
    access.addAppender(accessLog);
    try {
      RawPost.postAndLeave(proxy.port(), "/v1/responses?n=2", "{\"model\":\"m\"}");
      // The access log line of a request is written when the proxy learns its client left.
      awaitLogLine(accessLog, "outcome=client_closed");
    } finally {
      access.detachAppender(accessLog);
    }
    ClientExchange third = ClientExchange.post(proxy.client(), "/v1/responses?n=3", "{\"model\":\"m\"}");
    Await.result(third.request(), BOUND);
    release.complete();

    assertThat(Await.result(first.body(), BOUND).toString()).isEqualTo("{\"n\":1}");
    assertThat(Await.result(third.body(), BOUND).toString()).isEqualTo("{\"n\":3}");
    assertThat(proxy.upstream().requests()).extracting(Recorded::uri)
        .containsExactly("/api/llm/o/v1/responses?n=1", "/api/llm/o/v1/responses?n=3");
  }

  @Test
  void aClientLeavingHalfwayThroughItsBodyNeverReachesFactory() {
    ListAppender<ILoggingEvent> accessLog = new ListAppender<>();
    accessLog.start();
    Logger access = (Logger) LoggerFactory.getLogger("dev.factoryproxy.access");
    access.addAppender(accessLog);
    try {
      String body = "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"";
      try (RawHttp client = RawHttp.connect(proxy.port())) {
        client.send("POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "X-Request-Id: half-body-1\r\nContent-Length: 4096\r\n\r\n" + body);
      }
      awaitLogLine(accessLog, "id=half-body-1");
      assertThat(lines(accessLog)).filteredOn(l -> l.contains("id=half-body-1")).singleElement().asString()
          .contains("status=499").contains("outcome=client_closed").contains("upstream_status=-");
    } finally {
      access.detachAppender(accessLog);
    }
    assertThat(proxy.upstream().acceptedConnections()).as("connections to the upstream").isZero();
    assertThat(proxy.upstream().requests()).isEmpty();
  }

  /** The messages an appender holds; it appends under its own lock, on the event loop. */
  private static List<String> lines(ListAppender<ILoggingEvent> log) {
    synchronized (log) {
      return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }

  private static void awaitLogLine(ListAppender<ILoggingEvent> log, String part) {
    Await.condition("a log line with '" + part + "'", BOUND,
        () -> lines(log).stream().anyMatch(line -> line.contains(part)));
  }

  @Test
  void disconnectMidStreamClosesTheUpstreamBeforeItFinishes() {
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      events.add("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"t" + i + "\"}}]}\n\n");
    }
    long interval = 100;
    proxy.upstream().reply(Reply.sse(events, Duration.ofMillis(interval)));
    ClientExchange call = ClientExchange.post(proxy.client(), "/v1/chat/completions", "{\"model\":\"m\",\"stream\":true}");
    Recorded upstream = proxy.upstream().nextRequest();
    long started = System.nanoTime();
    call.awaitEvents(2, BOUND);

    call.disconnect();

    Await.result(upstream.closedEarly(), BOUND);
    long upstreamSpan = interval * (events.size() - 1);
    assertThat((System.nanoTime() - started) / MS)
        .as("ms into a %d ms stream when the upstream saw the close", upstreamSpan)
        .isLessThan(upstreamSpan / 2);
    assertThat(call.eventArrivals().size()).isLessThan(events.size());
  }

  @Test
  void disconnectMidStreamCanBeFollowedByNewRequestsOnTheSameProxy() {
    // The cut connection must not poison the upstream pool: the next request is served.
    proxy.upstream().reply(r -> r.uri().contains("first") ? Reply.sseThenStall(List.of("data: {}\n\n"))
        : Reply.json("{\"ok\":true}"));
    ClientExchange first = ClientExchange.post(proxy.client(), "/v1/responses?first", "{\"model\":\"m\",\"stream\":true}");
    Recorded upstream = proxy.upstream().nextRequest();
    first.awaitEvents(1, BOUND);
    first.disconnect();
    Await.result(upstream.closedEarly(), BOUND);

    ClientExchange second = ClientExchange.post(proxy.client(), "/v1/responses", "{\"model\":\"m\"}");
    assertThat(Await.result(second.body(), BOUND).toString()).isEqualTo("{\"ok\":true}");
  }
}

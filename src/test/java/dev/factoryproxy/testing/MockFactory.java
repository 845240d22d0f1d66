package dev.factoryproxy.testing;

import dev.factoryproxy.testing.rules.RequestRules;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A stand-in for Factory AI's LLM API on loopback: a real HTTP server that records every
 * request and answers as the test tells it ({@link Reply}). By default it answers each path
 * with the wire format Factory uses there ({@link WireFormats}).
 */
public final class MockFactory implements AutoCloseable {

  private final Vertx vertx;
  private final HttpServer server;
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private final BlockingQueue<Recorded> arrivals = new LinkedBlockingQueue<>();
  private final AtomicInteger openConnections = new AtomicInteger();
  private final AtomicInteger acceptedConnections = new AtomicInteger();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private volatile Function<Recorded, Reply> replies = WireFormats::defaultReply;
  private volatile boolean validating;

  private MockFactory(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  public static MockFactory start(Vertx vertx) {
    MockFactory[] holder = new MockFactory[1];
    HttpServer server = vertx.createHttpServer();
    server.requestHandler(request -> holder[0].handle(request));
    server.connectionHandler(connection -> holder[0].track(connection));
    holder[0] = new MockFactory(vertx, server);
    Await.result(server.listen(0, "127.0.0.1"));
    return holder[0];
  }

  public int port() {
    return server.actualPort();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port() + "/api/llm";
  }

  /** Every following request is answered with {@code reply}. */
  public MockFactory reply(Reply reply) {
    this.replies = r -> reply;
    return this;
  }

  public MockFactory reply(Function<Recorded, Reply> replies) {
    this.replies = replies;
    return this;
  }

  /**
   * With {@code true}, each JSON request to one of the three API paths is first checked against
   * that API's rules ({@link RequestRules}) and answered with Factory's 400 when it breaks one,
   * before the reply the test set. Off by default: byte-fidelity tests send bodies no API accepts.
   */
  public MockFactory validating(boolean on) {
    this.validating = on;
    return this;
  }

  /** Every rule violation the mock answered 400 for, in order: empty when every request was valid. */
  public List<String> violations() {
    return List.copyOf(violations);
  }

  public List<Recorded> requests() {
    return List.copyOf(requests);
  }

  /** Forgets every request recorded so far, so a long test measuring the heap does not count them. */
  public void forgetRequests() {
    requests.clear();
    arrivals.clear();
  }

  /** The next request to arrive, waiting up to 10 seconds for it. */
  public Recorded nextRequest() {
    try {
      Recorded next = arrivals.poll(10, TimeUnit.SECONDS);
      if (next == null) {
        throw new AssertionError("the mock upstream received no request within 10 s");
      }
      return next;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Connections from the proxy that are open now. */
  public int openConnections() {
    return openConnections.get();
  }

  /** Every connection the proxy has opened to this mock since it started. */
  public int acceptedConnections() {
    return acceptedConnections.get();
  }

  /** Waits up to {@code timeout} until at most {@code max} connections are open; false if never. */
  public boolean awaitOpenConnectionsAtMost(int max, Duration timeout) {
    return Await.until(() -> openConnections.get() <= max, timeout);
  }

  private void track(HttpConnection connection) {
    acceptedConnections.incrementAndGet();
    openConnections.incrementAndGet();
    connection.closeHandler(v -> openConnections.decrementAndGet());
  }

  private void handle(HttpServerRequest request) {
    Promise<Void> closedEarly = Promise.promise();
    boolean[] done = new boolean[1];
    request.response().closeHandler(v -> {
      if (!done[0]) {
        closedEarly.tryComplete();
      }
    });
    request.body().onSuccess(body -> {
      Recorded recorded = new Recorded(request.method().name(), request.uri(),
          HttpHeaders.headers().addAll(request.headers()), body, closedEarly.future());
      requests.add(recorded);
      arrivals.add(recorded);
      answer(recorded).serve(vertx, recorded, request.response(), () -> done[0] = true);
    });
  }

  private Reply answer(Recorded recorded) {
    if (validating) {
      List<String> broken = RequestRules.check(recorded);
      if (!broken.isEmpty()) {
        violations.addAll(broken);
        return Reply.json(400, RequestRules.errorBody(RequestRules.apiOf(recorded).orElseThrow(), broken), Map.of());
      }
    }
    return replies.apply(recorded);
  }

  @Override
  public void close() {
    Await.result(server.close());
  }
}

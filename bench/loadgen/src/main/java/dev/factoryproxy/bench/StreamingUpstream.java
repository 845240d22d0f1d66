package dev.factoryproxy.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A model that streams at a fixed cadence. Any POST gets {@code 200 text/event-stream}, a first
 * event at once, then one every {@code 1000/rate} ms, each stamped with
 * {@link System#nanoTime()} at the write. The shape follows the path, as Factory's does: a path
 * ending in {@code /a/v1/messages} gets Anthropic Messages events ({@link MessagesEvents}, the
 * stamp in the text), any other path Chat Completions chunks ({@link ChatChunks}, the stamp as
 * {@code "t":}). The path rather than a query flag, because a translating proxy chooses the
 * upstream path from the model while it passes the client's query string through unchanged.
 * With {@code events=K} the stream ends after K ticks with the format's closing events; without,
 * it runs until the client goes away. With {@code mode=json} it reads the whole request body and
 * answers with one small {@code chat.completion} instead (the large-body scenario: an upstream
 * that, like the real one, reads before it answers).
 */
final class StreamingUpstream extends VerticleBase {

  private static final String MESSAGES_PATH = "/a/v1/messages";
  private static final StreamShape CHAT = new ChatChunks();
  private static final StreamShape MESSAGES = new MessagesEvents();
  private static final Buffer COMPLETION = Buffer.buffer("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\","
      + "\"created\":1764086400,\"model\":\"accounts/fireworks/models/glm-4p6\",\"choices\":[{\"index\":0,"
      + "\"message\":{\"role\":\"assistant\",\"content\":\"The image shows a single transparent pixel.\"},"
      + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1024,\"completion_tokens\":9,\"total_tokens\":1033}}");

  private final String host;
  private final int port;

  private StreamingUpstream(String host, int port) {
    this.host = host;
    this.port = port;
  }

  static void run(Args args) throws Exception {
    String host = args.str("host", "127.0.0.1");
    int port = args.integer("port", 18100);
    int instances = args.integer("instances", Runtime.getRuntime().availableProcessors());
    Vertx vertx = Transports.vertx(new VertxOptions());
    vertx.deployVerticle(() -> new StreamingUpstream(host, port), new DeploymentOptions().setInstances(instances))
        .toCompletionStage().toCompletableFuture().get();
    System.out.println("streaming upstream listening on http://" + host + ":" + port + " (" + instances + " event loops)");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get();
      } catch (Exception ignored) {
        // exiting anyway
      }
    }));
    Thread.currentThread().join();
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer(new HttpServerOptions()
            .setTcpNoDelay(true)
            .setAcceptBacklog(8192)
            .setCompressionSupported(false))
        .requestHandler(this::handle)
        .listen(port, host);
  }

  private void handle(HttpServerRequest request) {
    if (request.path().equals("/health")) {
      request.response().end("ok\n");
      return;
    }
    if ("json".equals(request.getParam("mode"))) {
      request.body().onSuccess(body -> request.response()
          .putHeader("content-type", "application/json")
          .end(COMPLETION));
      return;
    }
    int rate = Math.max(1, parse(request.getParam("rate"), 20));
    long events = parse(request.getParam("events"), 0);
    StreamShape shape = request.path().endsWith(MESSAGES_PATH) ? MESSAGES : CHAT;
    request.body().onSuccess(body -> new Stream(request.response(), shape, 1000L / rate, events).start());
  }

  private static int parse(String value, int fallback) {
    return value == null ? fallback : Integer.parseInt(value);
  }

  private final class Stream {
    private final HttpServerResponse response;
    private final StreamShape shape;
    private final long periodMillis;
    private final long limit;
    private long sent;
    private long timer = -1;
    private boolean over;

    Stream(HttpServerResponse response, StreamShape shape, long periodMillis, long limit) {
      this.response = response;
      this.shape = shape;
      this.periodMillis = Math.max(1, periodMillis);
      this.limit = limit;
    }

    void start() {
      response.setChunked(true)
          .putHeader("content-type", "text/event-stream")
          .putHeader("cache-control", "no-cache");
      response.closeHandler(v -> stop());
      response.exceptionHandler(err -> stop());
      Buffer opening = shape.opening();
      if (opening.length() > 0) {
        response.write(opening);
      }
      emit();
      if (!over) {
        // A random phase, so streams opened together do not tick together.
        long first = 1 + ThreadLocalRandom.current().nextLong(periodMillis);
        timer = vertx.setPeriodic(first, periodMillis, id -> emit());
      }
    }

    private void emit() {
      if (over) {
        return;
      }
      response.write(shape.tick(System.nanoTime()));
      sent++;
      if (limit > 0 && sent >= limit) {
        response.end(shape.closing(sent));
        stop();
      }
    }

    private void stop() {
      over = true;
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }
  }
}

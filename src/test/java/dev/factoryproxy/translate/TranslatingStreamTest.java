package dev.factoryproxy.translate;

import dev.factoryproxy.testing.ChunkSource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Await;
import dev.factoryproxy.translate.model.BlockKind;
import dev.factoryproxy.translate.model.Event;
import dev.factoryproxy.translate.model.StopReason;
import dev.factoryproxy.translate.model.Usage;
import dev.factoryproxy.translate.sse.SseFrameTooLargeException;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The translating stream between an upstream body and the client: per-chunk output, flow control, ends and failures. */
class TranslatingStreamTest {

  private static final String A = "data: {\"t\":\"a\"}\n\n";
  private static final String B = "data: {\"t\":\"b\"}\n\n";
  private static final String DONE = "data: [DONE]\n\n";

  private final List<String> received = new ArrayList<>();
  private final List<Throwable> failures = new ArrayList<>();
  private final List<Event> tapped = new ArrayList<>();
  private boolean ended;

  private TranslatingStream translate(ChunkSource source) {
    return translate(source, new EchoEncoder(), 1024);
  }

  private TranslatingStream translate(ChunkSource source, StreamEncoder encoder, int maxEventBytes) {
    TranslatingStream stream = TranslatingStream.create(source, new EchoDecoder(), encoder, maxEventBytes, tapped::add);
    stream.exceptionHandler(failures::add);
    stream.endHandler(v -> ended = true);
    stream.handler(b -> received.add(b.toString(StandardCharsets.UTF_8)));
    return stream;
  }

  @Test
  void eachChunkLeavesAsOneBufferAndAChunkWithoutAWholeEventAsNone() {
    ChunkSource source = ChunkSource.of(A + B, "data: {\"t\":", "\"c\"}\n\n");
    translate(source);

    source.start();

    assertThat(received).containsExactly(A + B, "data: {\"t\":\"c\"}\n\n");
  }

  @Test
  void pauseStopsTheSourceAndResumeRestartsIt() {
    ChunkSource source = ChunkSource.of(A, B, DONE);
    TranslatingStream stream = translate(source);
    stream.handler(b -> {
      received.add(b.toString(StandardCharsets.UTF_8));
      stream.pause();
    });

    source.start();
    assertThat(received).containsExactly(A);
    assertThat(source.paused()).isTrue();
    assertThat(source.remaining()).isEqualTo(2);

    stream.resume();
    assertThat(received).containsExactly(A, B);
    assertThat(source.remaining()).isEqualTo(1);

    stream.resume();
    assertThat(received).containsExactly(A, B, DONE);
    assertThat(ended).isTrue();
  }

  @Test
  void aFetchingReaderIsNotStalledByChunksThatYieldNothing() {
    // Each ping-only or partial chunk spends one unit of the source's demand; without giving it
    // back a reader that fetched one buffer would wait for ever.
    ChunkSource source = ChunkSource.of(": ping\n\n", ": ping\n\n", "data: {\"t\"", ":\"a\"}\n\n", B);
    TranslatingStream stream = translate(source);
    stream.pause();

    source.start();
    assertThat(received).isEmpty();
    stream.fetch(1);

    assertThat(received).containsExactly(A);
    assertThat(source.remaining()).as("the next chunk stays unread until asked for").isEqualTo(1);
    stream.fetch(1);
    assertThat(received).containsExactly(A, B);
  }

  @Test
  void anUpstreamEndingWithoutItsTerminalEventJustEnds() {
    ChunkSource source = ChunkSource.of(A, B);
    TranslatingStream stream = translate(source);

    source.start();

    assertThat(ended).isTrue();
    assertThat(stream.upstreamFinished()).isFalse();
    assertThat(received).containsExactly(A, B);
    assertThat(failures).isEmpty();
  }

  @Test
  void anUpstreamEndingAfterItsTerminalEventIsFinished() {
    ChunkSource source = ChunkSource.of(A, DONE);
    TranslatingStream stream = translate(source);

    source.start();

    assertThat(ended).isTrue();
    assertThat(stream.upstreamFinished()).isTrue();
  }

  @Test
  void badJsonFailsTheStreamAndDetachesTheSource() {
    ChunkSource source = ChunkSource.of(A, B + "data: {not json\n\n" + A, DONE);
    TranslatingStream stream = translate(source);

    source.start();

    assertThat(failures).singleElement().isInstanceOf(StreamTranslationException.class)
        .extracting(Throwable::getCause).isInstanceOf(TranslationException.class);
    assertThat(received).as("whole events before the bad one, nothing after").containsExactly(A, B);
    assertThat(source.hasHandler()).isFalse();
    assertThat(source.hasEndHandler()).isFalse();
    assertThat(source.remaining()).isEqualTo(1);
    assertThat(ended).isFalse();
    assertThat(stream.upstreamFinished()).isFalse();
  }

  @Test
  void anEventOverTheLimitFailsTheStream() {
    ChunkSource source = ChunkSource.of(A, "data: {\"t\":\"" + "x".repeat(100), "\"}\n\n", DONE);
    translate(source, new EchoEncoder(), 64);

    source.start();

    assertThat(failures).singleElement().extracting(Throwable::getCause).isInstanceOf(SseFrameTooLargeException.class);
    assertThat(received).containsExactly(A);
    assertThat(source.hasHandler()).isFalse();
    assertThat(ended).isFalse();
  }

  @Test
  void anEncoderFailureDeliversNoHalfEvent() {
    StreamEncoder breaksOnB = (event, out) -> {
      new EchoEncoder().encode(event, out);
      if (event instanceof Event.Delta delta && delta.text().equals("b")) {
        throw new IllegalStateException("cannot write b");
      }
    };
    ChunkSource source = ChunkSource.of(A + B + A);
    translate(source, breaksOnB, 1024);

    source.start();

    assertThat(received).containsExactly(A);
    assertThat(failures).singleElement().extracting(Throwable::getCause).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aSourceFailurePassesOnUnchanged() {
    ChunkSource source = ChunkSource.of(A);
    translate(source);
    IOException reset = new IOException("connection reset");

    source.start();
    source.fail(reset);

    assertThat(failures).containsExactly(reset);
  }

  @Test
  void theTapSeesEveryCommonEventInOrder() {
    ChunkSource source = ChunkSource.of("event: ping\ndata: {}\n\n" + A, B + DONE);
    translate(source);

    source.start();

    assertThat(tapped).containsExactly(
        new Event.Ping(),
        new Event.Start("echo-1", "echo", Usage.NONE),
        new Event.BlockStart(0, BlockKind.TEXT, null, null),
        new Event.Delta(0, Event.DeltaKind.TEXT, "a"),
        new Event.Delta(0, Event.DeltaKind.TEXT, "b"),
        new Event.BlockStop(0),
        new Event.Finish(StopReason.END_TURN, null, Usage.NONE));
  }

  @Test
  void aRealHttpResponseIsTranslatedUnderFetchFlowControl() {
    Vertx vertx = Vertx.vertx();
    try {
      byte[] check = "data: {\"t\":\"✓ 😀\"}\n\n".getBytes(StandardCharsets.UTF_8);
      HttpServer server = Await.result(vertx.createHttpServer().requestHandler(request -> {
        HttpServerResponse response = request.response().setChunked(true)
            .putHeader("content-type", "text/event-stream");
        response.write(A);
        response.write(": ping\n\n");
        // The cut falls inside ✓.
        response.write(Buffer.buffer().appendBytes(check, 0, 13));
        response.write(Buffer.buffer().appendBytes(check, 13, check.length - 13));
        response.end(DONE);
      }).listen(0, "127.0.0.1"));
      HttpClient client = vertx.createHttpClient();
      Promise<Boolean> finished = Promise.promise();
      StringBuilder text = new StringBuilder();
      client.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", "/")
          .compose(request -> request.send())
          .onSuccess(response -> {
            TranslatingStream stream = TranslatingStream.create(response, new EchoDecoder(), new EchoEncoder(), 1024, null);
            stream.pause();
            stream.handler(b -> {
              text.append(b.toString(StandardCharsets.UTF_8));
              stream.fetch(1);
            });
            stream.exceptionHandler(finished::tryFail);
            stream.endHandler(v -> finished.tryComplete(stream.upstreamFinished()));
            stream.fetch(1);
          })
          .onFailure(finished::tryFail);

      assertThat(Await.result(finished.future())).as("upstream finished").isTrue();
      // Jackson's UTF-8 writer escapes characters outside the BMP: still the same JSON string.
      assertThat(text.toString()).isEqualTo(A + "data: {\"t\":\"✓ 😀\"}\n\n" + DONE);
    } finally {
      Await.result(vertx.close());
    }
  }
}

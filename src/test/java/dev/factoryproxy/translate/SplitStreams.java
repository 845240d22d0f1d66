package dev.factoryproxy.translate;

import dev.factoryproxy.testing.ChunkSource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.translate.model.Event;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Runs upstream server-sent-event bytes through a real {@link TranslatingStream}, delivered in
 * chunks cut anywhere (inside a UTF-8 character, between the CR and LF of a CRLF), and checks that
 * the cuts change nothing: the network decides the chunks, never the translation.
 *
 * <p>For a format's tests: {@code SplitStreams.assertSplitInvariant(sse, () -> format.decoder(ctx()),
 * () -> format.encoder(ctx()), 200, 42)} returns the unsplit run to assert on. Decoders and
 * encoders come from suppliers because each run needs fresh ones.
 */
public final class SplitStreams {

  public static final int MAX_EVENT_BYTES = 1024 * 1024;

  /**
   * What one run produced.
   *
   * @param clientBytes every buffer the stream delivered, concatenated
   * @param events every common event, as the tap saw them
   * @param ended whether the stream's end handler ran
   * @param upstreamFinished {@link TranslatingStream#upstreamFinished()} at the end
   * @param failure what reached the exception handler, or {@code null}
   */
  public record Result(Buffer clientBytes, List<Event> events, boolean ended, boolean upstreamFinished,
                       Throwable failure) {

    public String text() {
      return clientBytes.toString(StandardCharsets.UTF_8);
    }
  }

  private SplitStreams() {
  }

  public static Buffer utf8(String text) {
    return Buffer.buffer(text.getBytes(StandardCharsets.UTF_8));
  }

  /** One run, with the upstream bytes in one chunk. */
  public static Result run(Buffer upstream, Supplier<StreamDecoder> decoders, Supplier<StreamEncoder> encoders) {
    return run(List.of(upstream), decoders, encoders);
  }

  /** One run over the given chunks. */
  public static Result run(List<Buffer> chunks, Supplier<StreamDecoder> decoders, Supplier<StreamEncoder> encoders) {
    ChunkSource source = new ChunkSource(chunks);
    List<Event> events = new ArrayList<>();
    TranslatingStream stream = TranslatingStream.create(source, decoders.get(), encoders.get(), MAX_EVENT_BYTES,
        events::add);
    Buffer out = Buffer.buffer();
    boolean[] ended = {false};
    Throwable[] failure = {null};
    stream.exceptionHandler(err -> failure[0] = err);
    stream.endHandler(v -> ended[0] = true);
    stream.handler(out::appendBuffer);
    source.start();
    return new Result(out, events, ended[0], stream.upstreamFinished(), failure[0]);
  }

  /** The bytes cut at random points: anywhere, each run its own density of cuts. */
  public static List<Buffer> split(Buffer bytes, Random random) {
    double density = random.nextDouble() * 0.5;
    List<Buffer> chunks = new ArrayList<>();
    int from = 0;
    for (int i = 1; i < bytes.length(); i++) {
      if (random.nextDouble() < density) {
        chunks.add(bytes.getBuffer(from, i));
        from = i;
      }
    }
    chunks.add(bytes.getBuffer(from, bytes.length()));
    return chunks;
  }

  /** Every byte a chunk of its own: every cut there is, at once. */
  public static List<Buffer> bytewise(Buffer bytes) {
    List<Buffer> chunks = new ArrayList<>();
    for (int i = 0; i < bytes.length(); i++) {
      chunks.add(bytes.getBuffer(i, i + 1));
    }
    return chunks;
  }

  /**
   * Asserts that a byte-by-byte run and {@code splittings} random splittings (seeded) give the
   * unsplit run's client bytes, events, end and failure.
   *
   * @return the unsplit run
   */
  public static Result assertSplitInvariant(Buffer upstream, Supplier<StreamDecoder> decoders,
                                            Supplier<StreamEncoder> encoders, int splittings, long seed) {
    Result whole = run(upstream, decoders, encoders);
    assertSame(whole, run(bytewise(upstream), decoders, encoders), "byte by byte");
    Random random = new Random(seed);
    for (int n = 0; n < splittings; n++) {
      List<Buffer> chunks = split(upstream, random);
      assertSame(whole, run(chunks, decoders, encoders), "splitting " + n + " of seed " + seed + ": "
          + chunkLengths(chunks));
    }
    return whole;
  }

  private static void assertSame(Result whole, Result split, String how) {
    assertThat(split.text()).as("client text, " + how).isEqualTo(whole.text());
    assertThat(split.clientBytes().getBytes()).as("client bytes, " + how).isEqualTo(whole.clientBytes().getBytes());
    assertThat(split.events()).as("events, " + how).isEqualTo(whole.events());
    assertThat(split.ended()).as("ended, " + how).isEqualTo(whole.ended());
    assertThat(split.upstreamFinished()).as("upstream finished, " + how).isEqualTo(whole.upstreamFinished());
    assertThat(describe(split.failure())).as("failure, " + how).isEqualTo(describe(whole.failure()));
  }

  private static String describe(Throwable failure) {
    if (failure == null) {
      return null;
    }
    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
    return failure.getClass().getName() + " / " + cause.getClass().getName();
  }

  private static List<Integer> chunkLengths(List<Buffer> chunks) {
    return chunks.stream().map(Buffer::length).toList();
  }
}

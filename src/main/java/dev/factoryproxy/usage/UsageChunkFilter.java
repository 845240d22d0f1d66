package dev.factoryproxy.usage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.TranslationException;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.nio.charset.StandardCharsets;

/**
 * A Chat Completions stream without the usage-only chunk ({@code "choices":[]} with
 * {@code usage}) that {@link AskChatUsage} asked Factory for on the client's behalf. Every other
 * byte passes as it came: whole events at once, as they complete; only an event still
 * incomplete at a chunk's end waits for its rest (Factory's chunks end on event boundaries, so
 * in practice nothing waits). Backpressure passes straight through.
 */
public final class UsageChunkFilter implements ReadStream<Buffer> {

  private static final byte[] USAGE = "\"usage\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CHOICES = "\"choices\"".getBytes(StandardCharsets.US_ASCII);

  private final ReadStream<Buffer> source;
  private Buffer pending = Buffer.buffer();
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;

  private UsageChunkFilter(ReadStream<Buffer> source) {
    this.source = source;
  }

  public static ReadStream<Buffer> wrap(ReadStream<Buffer> source) {
    return new UsageChunkFilter(source);
  }

  @Override
  public UsageChunkFilter handler(Handler<Buffer> handler) {
    this.handler = handler;
    source.handler(handler == null ? null : this::chunk);
    return this;
  }

  private void chunk(Buffer chunk) {
    Buffer data = pending.length() == 0 ? chunk : pending.appendBuffer(chunk);
    // Copied only once an event is left out; until then the events pass as the bytes they came in.
    Buffer kept = null;
    int start = 0;
    int end;
    while ((end = eventEnd(data, start)) > 0) {
      if (usageOnly(data, start, end)) {
        if (kept == null) {
          kept = data.getBuffer(0, start);
        }
      } else if (kept != null) {
        kept.appendBuffer(data, start, end - start);
      }
      start = end;
    }
    Buffer out = kept != null ? kept : start == data.length() ? data : data.getBuffer(0, start);
    pending = start == data.length() ? Buffer.buffer() : data.getBuffer(start, data.length());
    // A chunk that completed no event delivers nothing; the source keeps flowing, or stays paused
    // if the reader paused it: asking it for more here would read past a slow client.
    if (out.length() > 0) {
      handler.handle(out);
    }
  }

  /** Just past the blank line that ends the event starting at {@code from}, or -1. */
  private static int eventEnd(Buffer data, int from) {
    for (int i = from; i + 1 < data.length(); i++) {
      byte b = data.getByte(i);
      if (b == '\n' && data.getByte(i + 1) == '\n') {
        return i + 2;
      }
      if (b == '\n' && data.getByte(i + 1) == '\r' && i + 2 < data.length() && data.getByte(i + 2) == '\n') {
        return i + 3;
      }
    }
    return -1;
  }

  private static boolean usageOnly(Buffer data, int start, int end) {
    // Most events are deltas: the bytes tell them apart before any is decoded.
    if (indexOf(data, USAGE, start, end) < 0 || indexOf(data, CHOICES, start, end) < 0) {
      return false;
    }
    String event = data.getString(start, end, StandardCharsets.UTF_8.name());
    int at = event.indexOf("data:");
    if (at < 0) {
      return false;
    }
    try {
      JsonNode chunk = JsonTrees.parse(event.substring(at + 5).trim());
      JsonNode choices = chunk.get("choices");
      return choices != null && choices.isArray() && choices.isEmpty() && chunk.path("usage").isObject();
    } catch (TranslationException notOneJsonEvent) {
      return false;
    }
  }

  /** Where {@code needle} starts in {@code data} between {@code from} and {@code to}, or -1. */
  private static int indexOf(Buffer data, byte[] needle, int from, int to) {
    outer:
    for (int i = from; i <= to - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (data.getByte(i + j) != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Override
  public UsageChunkFilter endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    source.endHandler(endHandler == null ? null : v -> {
      // An unterminated last event is passed on as it came; it is not the usage chunk's to judge.
      flushPending();
      this.endHandler.handle(v);
    });
    return this;
  }

  @Override
  public UsageChunkFilter exceptionHandler(Handler<Throwable> handler) {
    source.exceptionHandler(handler == null ? null : err -> {
      // Every byte Factory sent before it failed still reaches the client, ahead of the cut.
      flushPending();
      handler.handle(err);
    });
    return this;
  }

  private void flushPending() {
    if (pending.length() > 0 && handler != null) {
      Buffer rest = pending;
      pending = Buffer.buffer();
      handler.handle(rest);
    }
  }

  @Override
  public UsageChunkFilter pause() {
    source.pause();
    return this;
  }

  @Override
  public UsageChunkFilter resume() {
    source.resume();
    return this;
  }

  @Override
  public UsageChunkFilter fetch(long amount) {
    source.fetch(amount);
    return this;
  }
}

package dev.factoryproxy.usage;

import dev.factoryproxy.body.RequestFacts;
import dev.factoryproxy.route.Exchange;
import dev.factoryproxy.translate.WireApi;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;

/**
 * The one edit to same-API traffic: a Chat Completions stream reports its usage only when asked
 * ({@code stream_options.include_usage}), so for a client that did not ask, the proxy asks
 * Factory itself, splicing the field into the body's bytes before the closing brace, and the
 * forwarder hides the usage-only chunk from the client ({@link UsageChunkFilter}): the client
 * sees exactly what it would have seen, and the tokens are counted. {@code CHAT_STREAM_USAGE=false}
 * turns this off (token limits then cannot count such streams). A body that has
 * {@code stream_options} already is left as it is.
 */
public final class AskChatUsage implements Handler<RoutingContext> {

  private static final byte[] FIELD = ",\"stream_options\":{\"include_usage\":true}".getBytes(StandardCharsets.US_ASCII);

  private final boolean enabled;

  private AskChatUsage(boolean enabled) {
    this.enabled = enabled;
  }

  public static AskChatUsage create(boolean enabled) {
    return new AskChatUsage(enabled);
  }

  @Override
  public void handle(RoutingContext ctx) {
    Exchange exchange = Exchange.of(ctx);
    RequestFacts facts = exchange.facts();
    if (enabled && facts.stream() && !facts.streamOptions() && facts.closeFromEnd() > 0
        && exchange.translateTo() == null && exchange.upstream() != null && exchange.upstream().api() == WireApi.CHAT) {
      exchange.body(splice(exchange.body(), exchange.body().length() - facts.closeFromEnd()));
      exchange.hideUsageChunk(true);
    }
    ctx.next();
  }

  /** The body with the field inserted at {@code at}; the rest is shared, not copied. */
  private static Buffer splice(Buffer body, int at) {
    ByteBuf source = ((BufferInternal) body).getByteBuf();
    int base = source.readerIndex();
    CompositeByteBuf out = Unpooled.compositeBuffer(3);
    out.addComponent(true, source.retainedSlice(base, at));
    out.addComponent(true, Unpooled.wrappedBuffer(FIELD));
    out.addComponent(true, source.retainedSlice(base + at, source.readableBytes() - at));
    return BufferInternal.buffer(out);
  }
}

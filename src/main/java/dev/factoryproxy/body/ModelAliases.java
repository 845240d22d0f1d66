package dev.factoryproxy.body;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.Json;
import java.nio.charset.StandardCharsets;

/**
 * Renames the model of a request (an alias into the name Factory knows), touching only the
 * bytes of that one string: every other byte of the body goes upstream as the client sent it.
 */
public final class ModelAliases {

  private ModelAliases() {
  }

  /**
   * @return the body with the model string at {@code facts}' offsets replaced by {@code target};
   *     the untouched parts are shared with {@code body}, not copied
   */
  public static Buffer splice(Buffer body, RequestFacts facts, String target) {
    ByteBuf source = ((BufferInternal) body).getByteBuf();
    int base = source.readerIndex();
    byte[] replacement = Json.encode(target).getBytes(StandardCharsets.UTF_8);
    CompositeByteBuf out = Unpooled.compositeBuffer(3);
    out.addComponent(true, source.retainedSlice(base, facts.modelStart()));
    out.addComponent(true, Unpooled.wrappedBuffer(replacement));
    out.addComponent(true, source.retainedSlice(base + facts.modelEnd(), source.readableBytes() - facts.modelEnd()));
    return BufferInternal.buffer(out);
  }
}

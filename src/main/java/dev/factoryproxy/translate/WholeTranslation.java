package dev.factoryproxy.translate;

import io.vertx.core.buffer.Buffer;

/** Translates a whole (non-streamed) upstream answer into the client's format. */
public final class WholeTranslation {

  private WholeTranslation() {
  }

  /**
   * The client's bytes for an upstream answer: read in the upstream's format, written in the
   * client's.
   *
   * @throws TranslationException when the body is not JSON
   */
  public static Buffer translate(Buffer upstreamBody, WireFormat upstream, WireFormat client,
                                 TranslationContext ctx) {
    return JsonTrees.buffer(client.writeResponse(upstream.readResponse(JsonTrees.parse(upstreamBody), ctx), ctx));
  }
}

package dev.factoryproxy.translate.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.factoryproxy.translate.StreamDecoder;
import dev.factoryproxy.translate.StreamEncoder;
import dev.factoryproxy.translate.TranslationContext;
import dev.factoryproxy.translate.UpstreamError;
import dev.factoryproxy.translate.WireApi;
import dev.factoryproxy.translate.WireFormat;
import dev.factoryproxy.translate.model.CompleteMessage;
import dev.factoryproxy.translate.model.Conversation;

/**
 * Anthropic Messages ({@code /v1/messages}), read and written. Each part lives in its own class:
 * {@link MessagesRequestReader}, {@link MessagesRequestWriter}, {@link MessagesResponseReader},
 * {@link MessagesResponseWriter}, {@link MessagesStreamDecoder}, {@link MessagesStreamEncoder}.
 * Stateless and shared.
 */
public final class MessagesFormat implements WireFormat {

  private MessagesFormat() {
  }

  public static MessagesFormat create() {
    return new MessagesFormat();
  }

  @Override
  public WireApi api() {
    return WireApi.MESSAGES;
  }

  @Override
  public Conversation readRequest(JsonNode body, TranslationContext ctx) {
    return new MessagesRequestReader(ctx).read(body);
  }

  @Override
  public ObjectNode writeRequest(Conversation conversation, TranslationContext ctx) {
    return new MessagesRequestWriter(ctx).write(conversation);
  }

  @Override
  public CompleteMessage readResponse(JsonNode body, TranslationContext ctx) {
    return MessagesResponseReader.read(body);
  }

  @Override
  public ObjectNode writeResponse(CompleteMessage message, TranslationContext ctx) {
    return MessagesResponseWriter.write(message, ctx);
  }

  @Override
  public StreamDecoder decoder(TranslationContext ctx) {
    return new MessagesStreamDecoder();
  }

  @Override
  public StreamEncoder encoder(TranslationContext ctx) {
    return new MessagesStreamEncoder(ctx);
  }

  @Override
  public UpstreamError readError(JsonNode body) {
    return MessagesErrors.read(body);
  }
}

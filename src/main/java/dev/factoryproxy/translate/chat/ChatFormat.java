package dev.factoryproxy.translate.chat;

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
 * OpenAI Chat Completions ({@code o/v1/chat/completions}) in the common model. Stateless and
 * shared; each part is a class of this package.
 */
public final class ChatFormat implements WireFormat {

  private ChatFormat() {
  }

  public static ChatFormat create() {
    return new ChatFormat();
  }

  @Override
  public WireApi api() {
    return WireApi.CHAT;
  }

  @Override
  public Conversation readRequest(JsonNode body, TranslationContext ctx) {
    return ChatRequestReader.read(body, ctx);
  }

  @Override
  public ObjectNode writeRequest(Conversation conversation, TranslationContext ctx) {
    return ChatRequestWriter.write(conversation, ctx);
  }

  @Override
  public CompleteMessage readResponse(JsonNode body, TranslationContext ctx) {
    return ChatResponseReader.read(body);
  }

  @Override
  public ObjectNode writeResponse(CompleteMessage message, TranslationContext ctx) {
    return ChatResponseWriter.write(message, ctx);
  }

  @Override
  public StreamDecoder decoder(TranslationContext ctx) {
    return new ChatStreamDecoder();
  }

  @Override
  public StreamEncoder encoder(TranslationContext ctx) {
    return new ChatStreamEncoder(ctx);
  }

  @Override
  public UpstreamError readError(JsonNode body) {
    return ChatErrors.read(body);
  }
}

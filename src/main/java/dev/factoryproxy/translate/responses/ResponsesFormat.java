package dev.factoryproxy.translate.responses;

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
 * The OpenAI Responses API ({@code /v1/responses}) as a {@link WireFormat}: what Codex CLI and
 * the OpenAI SDKs' {@code responses} speak as clients, and what Factory serves GPT models in.
 * Stateless; each part lives in its own class of this package.
 */
public final class ResponsesFormat implements WireFormat {

  private ResponsesFormat() {
  }

  public static ResponsesFormat create() {
    return new ResponsesFormat();
  }

  @Override
  public WireApi api() {
    return WireApi.RESPONSES;
  }

  @Override
  public Conversation readRequest(JsonNode body, TranslationContext ctx) {
    return ResponsesRequestReader.read(body, ctx);
  }

  @Override
  public ObjectNode writeRequest(Conversation conversation, TranslationContext ctx) {
    return ResponsesRequestWriter.write(conversation, ctx);
  }

  @Override
  public CompleteMessage readResponse(JsonNode body, TranslationContext ctx) {
    return ResponsesResponseReader.read(body);
  }

  @Override
  public ObjectNode writeResponse(CompleteMessage message, TranslationContext ctx) {
    return ResponsesResponseWriter.write(message, ctx);
  }

  @Override
  public StreamDecoder decoder(TranslationContext ctx) {
    return new ResponsesStreamDecoder();
  }

  @Override
  public StreamEncoder encoder(TranslationContext ctx) {
    return new ResponsesStreamEncoder(ctx);
  }

  @Override
  public UpstreamError readError(JsonNode body) {
    return ResponsesErrors.read(body);
  }
}

package dev.factoryproxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.factoryproxy.translate.model.CompleteMessage;
import dev.factoryproxy.translate.model.Conversation;

/**
 * One wire format, read and written: requests, whole answers, streams and errors, each to and
 * from the common model ({@code translate.model}). A translation from format A to format B is
 * A's reader and B's writer for the request, B's reader and A's writer for the answer; three
 * formats need three of these, not six pairwise translators.
 *
 * <p>Implementations are stateless and shared; per-request state lives in the
 * {@link TranslationContext} and in the decoders and encoders they create.
 */
public interface WireFormat {

  WireApi api();

  /**
   * Reads a client's request body.
   *
   * @throws TranslationException naming the field when the request uses something that
   *     {@code ctx.upstream()}'s format cannot carry without changing the answer's meaning
   */
  Conversation readRequest(JsonNode body, TranslationContext ctx);

  /**
   * Writes the request Factory receives.
   *
   * @throws TranslationException naming the client's field when this format cannot carry it
   */
  ObjectNode writeRequest(Conversation conversation, TranslationContext ctx);

  /** Reads a whole (non-streamed) upstream answer. */
  CompleteMessage readResponse(JsonNode body, TranslationContext ctx);

  /** Writes a whole answer for the client. */
  ObjectNode writeResponse(CompleteMessage message, TranslationContext ctx);

  /** A reader of one upstream stream. */
  StreamDecoder decoder(TranslationContext ctx);

  /** A writer of one client stream. */
  StreamEncoder encoder(TranslationContext ctx);

  /** The type, code and message of an error body in this format, or {@code null} if it is not one. */
  UpstreamError readError(JsonNode body);
}

package dev.factoryproxy.body;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;

/**
 * Checks that a body is one JSON object and reads its top-level {@code model} and
 * {@code stream} fields (and the session key, {@code metadata.user_id} or {@code prompt_cache_key}), in one pass of Jackson's streaming parser: nested values are
 * tokenised and skipped, never materialised, and the body's bytes are read where they lie.
 */
public final class JsonBodyScanner {

  private final JsonFactory factory;

  /** @param maxBodyBytes the body limit: a single string (a base64 image) may be that long */
  public JsonBodyScanner(long maxBodyBytes) {
    this.factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxStringLength((int) Math.min(Integer.MAX_VALUE, maxBodyBytes))
            .build())
        .build();
  }

  /**
   * @throws InvalidJsonException when the body is not exactly one JSON object
   */
  public RequestFacts scan(Buffer body) {
    if (body == null || body.length() == 0) {
      throw new InvalidJsonException("the request body is empty; send a JSON object");
    }
    try (JsonParser parser = parserFor(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new InvalidJsonException("the request body must be a JSON object");
      }
      RequestFacts facts = topLevel(parser, body.length());
      if (parser.nextToken() != null) {
        throw new InvalidJsonException("the request body holds more than one JSON value");
      }
      return facts;
    } catch (JsonProcessingException e) {
      throw new InvalidJsonException("the request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new InvalidJsonException("the request body cannot be read: " + e.getMessage());
    }
  }

  private static RequestFacts topLevel(JsonParser parser, int length) throws IOException {
    String model = null;
    int modelStart = -1;
    int modelEnd = -1;
    boolean stream = false;
    boolean streamOptions = false;
    String sessionKey = null;
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (value == JsonToken.VALUE_STRING && "model".equals(field)) {
        modelStart = (int) parser.currentTokenLocation().getByteOffset();
        model = parser.getText();
        modelEnd = (int) parser.currentLocation().getByteOffset();
      } else if (value == JsonToken.VALUE_STRING && "prompt_cache_key".equals(field)) {
        sessionKey = sessionKey == null ? parser.getText() : sessionKey;
      } else if (value == JsonToken.START_OBJECT && "metadata".equals(field)) {
        String userId = userId(parser);
        sessionKey = userId != null ? userId : sessionKey;
      } else {
        if ("stream".equals(field)) {
          stream = value == JsonToken.VALUE_TRUE;
        } else if ("stream_options".equals(field)) {
          streamOptions = true;
        }
        parser.skipChildren();
      }
    }
    if (token != JsonToken.END_OBJECT) {
      throw new InvalidJsonException("the request body is not valid JSON: unexpected end of input");
    }
    int close = (int) parser.currentTokenLocation().getByteOffset();
    return new RequestFacts(model, modelStart, modelEnd, stream, streamOptions, close < 0 ? -1 : length - close,
        sessionKey);
  }

  /** Anthropic's {@code metadata.user_id}, reading the metadata object to its end. */
  private static String userId(JsonParser parser) throws IOException {
    String userId = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (value == JsonToken.VALUE_STRING && "user_id".equals(field)) {
        userId = parser.getText();
      } else {
        parser.skipChildren();
      }
    }
    return userId;
  }

  private JsonParser parserFor(Buffer body) throws IOException {
    ByteBuf buf = ((BufferInternal) body).getByteBuf();
    if (buf.hasArray()) {
      return factory.createParser(buf.array(), buf.arrayOffset() + buf.readerIndex(), buf.readableBytes());
    }
    return factory.createParser((java.io.InputStream) new ByteBufInputStream(buf.duplicate()));
  }
}

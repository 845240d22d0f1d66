package dev.factoryproxy.translate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * Jackson trees for the translators: one shared, immutable {@link ObjectMapper} (thread-safe
 * once configured) and the few conversions every format needs.
 */
public final class JsonTrees {

  // A base64 image is one string as long as the body may be: MAX_BODY_SIZE bounds it, not Jackson.
  private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
      // An emoji goes out as its four UTF-8 bytes, as the upstream sent it, not as an escaped surrogate pair.
      .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
      .build());
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonTrees() {
  }

  public static ObjectNode object() {
    return NODES.objectNode();
  }

  public static ArrayNode array() {
    return NODES.arrayNode();
  }

  /** @throws TranslationException when the text is not JSON */
  public static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new TranslationException("", "not valid JSON: " + e.getOriginalMessage());
    }
  }

  /** @throws TranslationException when the bytes are not JSON */
  public static JsonNode parse(Buffer json) {
    try {
      return MAPPER.readTree(json.getBytes());
    } catch (IOException e) {
      throw new TranslationException("", "not valid JSON: " + e.getMessage());
    }
  }

  /**
   * The top-level field {@code name} of a JSON object, read without building the rest of the
   * document: the other fields are only tokenized. {@code null} when the document is not an object
   * or has no such field.
   *
   * @throws TranslationException when the bytes up to that field are not JSON
   */
  public static JsonNode field(Buffer json, String name) {
    try (JsonParser parser = MAPPER.createParser(json.getBytes())) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        boolean wanted = name.equals(parser.currentName());
        parser.nextToken();
        if (wanted) {
          return MAPPER.readTree(parser);
        }
        parser.skipChildren();
      }
      return null;
    } catch (IOException e) {
      throw new TranslationException("", "not valid JSON: " + e.getMessage());
    }
  }

  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree always serialises", e);
    }
  }

  public static Buffer buffer(JsonNode node) {
    try {
      return Buffer.buffer(MAPPER.writeValueAsBytes(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree always serialises", e);
    }
  }
}

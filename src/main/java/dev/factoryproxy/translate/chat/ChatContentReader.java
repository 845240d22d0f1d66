package dev.factoryproxy.translate.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factoryproxy.translate.TranslationException;
import dev.factoryproxy.translate.model.Content;
import java.util.ArrayList;
import java.util.List;

/** The {@code content} of one Chat message: a string or an array of typed parts. */
final class ChatContentReader {

  private static final String DATA_PREFIX = "data:";
  private static final String BASE64_MARK = ";base64,";

  private ChatContentReader() {
  }

  /**
   * Text and image parts of a user message.
   *
   * @param field the content's path as the client wrote it, e.g. {@code messages[1].content}
   */
  static List<Content> userParts(JsonNode content, String field) {
    if (content == null || content.isNull()) {
      return List.of();
    }
    if (content.isTextual()) {
      return List.of(new Content.Text(content.asText()));
    }
    List<Content> parts = new ArrayList<>();
    int size = array(content, field).size();
    for (int i = 0; i < size; i++) {
      parts.add(userPart(content.get(i), field + "[" + i + "]"));
    }
    return parts;
  }

  /** Text-only content (system, developer, tool): the text parts, in order. */
  static List<Content> textParts(JsonNode content, String field) {
    if (content == null || content.isNull()) {
      return List.of();
    }
    if (content.isTextual()) {
      return List.of(new Content.Text(content.asText()));
    }
    List<Content> parts = new ArrayList<>();
    int size = array(content, field).size();
    for (int i = 0; i < size; i++) {
      JsonNode part = content.get(i);
      if (!"text".equals(ChatJson.text(part, "type"))) {
        throw unsupported(field + "[" + i + "].type", part, "here only text parts are accepted");
      }
      parts.add(new Content.Text(requiredText(part, "text", field + "[" + i + "].text")));
    }
    return parts;
  }

  /** An assistant's content: text, with a {@code refusal} part read as the text it is. */
  static List<Content> assistantParts(JsonNode content, String field) {
    if (content == null || content.isNull()) {
      return List.of();
    }
    if (content.isTextual()) {
      return content.asText().isEmpty() ? List.of() : List.of(new Content.Text(content.asText()));
    }
    List<Content> parts = new ArrayList<>();
    int size = array(content, field).size();
    for (int i = 0; i < size; i++) {
      JsonNode part = content.get(i);
      String type = ChatJson.text(part, "type");
      String at = field + "[" + i + "]";
      if ("text".equals(type)) {
        parts.add(new Content.Text(requiredText(part, "text", at + ".text")));
      } else if ("refusal".equals(type)) {
        parts.add(new Content.Text(requiredText(part, "refusal", at + ".refusal")));
      } else {
        throw unsupported(at + ".type", part, "an assistant message holds text and refusal parts");
      }
    }
    return parts;
  }

  private static Content userPart(JsonNode part, String field) {
    String type = ChatJson.text(part, "type");
    if ("text".equals(type)) {
      return new Content.Text(requiredText(part, "text", field + ".text"));
    }
    if ("image_url".equals(type)) {
      return image(part.get("image_url"), field + ".image_url");
    }
    throw unsupported(field + ".type", part, "only text and image_url parts can be translated");
  }

  /** {@code {url, detail}}; a bare string URL is accepted too, as several SDKs send one. */
  static Content.Image image(JsonNode imageUrl, String field) {
    JsonNode node = imageUrl == null ? null : (imageUrl.isTextual() ? imageUrl : imageUrl.get("url"));
    if (node == null || !node.isTextual()) {
      throw new TranslationException(field + ".url", "\"" + field + ".url\": an image needs a URL");
    }
    String url = node.asText();
    String detail = imageUrl.isObject() ? ChatJson.text(imageUrl, "detail") : null;
    if (url.startsWith(DATA_PREFIX)) {
      int mark = url.indexOf(BASE64_MARK);
      if (mark < 0) {
        throw new TranslationException(field + ".url", "\"" + field + ".url\": only base64 data URLs are supported");
      }
      String mediaType = url.substring(DATA_PREFIX.length(), mark);
      return new Content.Image(mediaType, url.substring(mark + BASE64_MARK.length()), null, detail, null);
    }
    if (url.startsWith("https://") || url.startsWith("http://")) {
      return new Content.Image(null, null, url, detail, null);
    }
    throw new TranslationException(field + ".url", "\"" + field + ".url\": an image URL must be http(s) or a data URL");
  }

  private static JsonNode array(JsonNode content, String field) {
    if (!content.isArray()) {
      throw new TranslationException(field, "\"" + field + "\" must be a string or an array of parts");
    }
    return content;
  }

  private static String requiredText(JsonNode part, String name, String field) {
    String text = ChatJson.text(part, name);
    if (text == null) {
      throw new TranslationException(field, "\"" + field + "\" must be a string");
    }
    return text;
  }

  private static TranslationException unsupported(String field, JsonNode part, String why) {
    return new TranslationException(field,
        "\"" + field + "\": parts of type \"" + ChatJson.text(part, "type") + "\" cannot be translated; " + why);
  }
}

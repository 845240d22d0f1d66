package dev.factoryproxy.translate.responses;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factoryproxy.translate.TranslationException;
import dev.factoryproxy.translate.model.Content;
import java.util.ArrayList;
import java.util.List;

/** The content of a Responses message (or of a tool output): a string or a list of parts. */
final class MessageContent {

  private static final String DATA_PREFIX = "data:";
  private static final String BASE64_MARK = ";base64,";

  private MessageContent() {
  }

  static List<Content> read(JsonNode content, String where) {
    List<Content> parts = new ArrayList<>();
    if (content == null || content.isNull()) {
      return parts;
    }
    if (content.isTextual()) {
      parts.add(new Content.Text(content.asText()));
      return parts;
    }
    if (!content.isArray()) {
      throw new TranslationException(where, where + ": must be a string or a list of parts");
    }
    for (int i = 0; i < content.size(); i++) {
      parts.add(part(content.get(i), where + "[" + i + "]"));
    }
    return parts;
  }

  private static Content part(JsonNode part, String where) {
    String type = Json.text(part, "type");
    if (type == null) {
      throw new TranslationException(where + ".type", where + ".type: required");
    }
    return switch (type) {
      case "input_text", "output_text", "text" -> new Content.Text(nonNull(Json.text(part, "text")));
      case "refusal" -> new Content.Text(nonNull(Json.text(part, "refusal")));
      case "input_image" -> image(part, where);
      case "input_file" -> throw new TranslationException(where + ".type",
          where + ": input_file (a file attachment) cannot be translated; send its text or images instead");
      default -> throw new TranslationException(where + ".type",
          where + ": content parts of type " + type + " cannot be translated");
    };
  }

  private static Content image(JsonNode part, String where) {
    String url = Json.text(part, "image_url");
    if (url == null) {
      String field = Json.present(part, "file_id") ? ".file_id" : ".image_url";
      throw new TranslationException(where + field, where + field
          + ": images by file_id live in OpenAI's file store; send the image as image_url (a data URL or https URL)");
    }
    String detail = Json.text(part, "detail");
    if (url.startsWith(DATA_PREFIX)) {
      int mark = url.indexOf(BASE64_MARK);
      if (mark < 0) {
        throw new TranslationException(where + ".image_url", where + ".image_url: a data URL must be base64");
      }
      String mediaType = url.substring(DATA_PREFIX.length(), mark);
      return new Content.Image(mediaType, url.substring(mark + BASE64_MARK.length()), null, detail, null);
    }
    return new Content.Image(null, null, url, detail, null);
  }

  private static String nonNull(String text) {
    return text == null ? "" : text;
  }
}

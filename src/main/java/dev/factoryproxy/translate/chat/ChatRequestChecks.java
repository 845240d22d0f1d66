package dev.factoryproxy.translate.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factoryproxy.translate.TranslationException;
import dev.factoryproxy.translate.WireApi;

/**
 * The Chat request fields no other format can carry without changing the answer: several
 * choices, log probabilities, audio, token biases and the legacy function calling.
 */
final class ChatRequestChecks {

  private ChatRequestChecks() {
  }

  static void rejectUntranslatable(JsonNode body, WireApi upstream) {
    String target = targetName(upstream);
    Long n = ChatJson.number(body, "n");
    if (n != null && n > 1) {
      throw reject("n", "more than one choice", target);
    }
    if (Boolean.TRUE.equals(ChatJson.bool(body, "logprobs"))) {
      throw reject("logprobs", "log probabilities", target);
    }
    Long top = ChatJson.number(body, "top_logprobs");
    if (top != null && top > 0) {
      throw reject("top_logprobs", "log probabilities", target);
    }
    if (ChatJson.present(body, "audio")) {
      throw reject("audio", "audio output", target);
    }
    JsonNode modalities = body.get("modalities");
    if (modalities != null && modalities.isArray()) {
      for (JsonNode modality : modalities) {
        if ("audio".equals(modality.asText())) {
          throw reject("modalities", "audio output", target);
        }
      }
    }
    JsonNode bias = body.get("logit_bias");
    if (bias != null && bias.isObject() && !bias.isEmpty()) {
      throw reject("logit_bias", "token biases", target);
    }
    for (String legacy : new String[] {"functions", "function_call"}) {
      if (ChatJson.present(body, legacy)) {
        throw reject(legacy, "legacy function calling (use tools)", target);
      }
    }
  }

  private static TranslationException reject(String field, String what, String target) {
    return new TranslationException(field, "\"" + field + "\": " + what + " cannot be translated to " + target);
  }

  private static String targetName(WireApi upstream) {
    return upstream == null ? "the model's API" : upstream.title();
  }
}

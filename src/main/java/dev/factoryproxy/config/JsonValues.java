package dev.factoryproxy.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;

/** Setting values that hold JSON: in conf/config.json they are JSON, in .env and the environment text. */
final class JsonValues {

  private JsonValues() {
  }

  /**
   * A setting's JSON array, given as an array or as its text; empty when unset. A value that is
   * not an array is refused without being echoed: it may hold tokens or private headers.
   *
   * @param what what the array lists, for the message ({@code models}, {@code tokens})
   */
  static JsonArray array(Object raw, String setting, String what) {
    if (raw == null || raw instanceof String text && text.isBlank()) {
      return new JsonArray();
    }
    if (raw instanceof JsonArray array) {
      return array;
    }
    if (raw instanceof String text) {
      try {
        return new JsonArray(text);
      } catch (DecodeException | ClassCastException e) {
        throw new ConfigException(setting + " must be a JSON array of " + what + "; the value given is not one");
      }
    }
    throw new ConfigException(setting + " must be a JSON array of " + what);
  }
}

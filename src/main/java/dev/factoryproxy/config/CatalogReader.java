package dev.factoryproxy.config;

import dev.factoryproxy.catalog.ModelCatalog;
import dev.factoryproxy.catalog.ModelSpec;
import dev.factoryproxy.translate.WireApi;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code MODELS}, with {@code MODEL_ALIASES} and {@code STRICT_MODELS}, into the
 * {@link ModelCatalog}. Every name a client may use (an id, a catalog alias, a
 * {@code MODEL_ALIASES} name) must stand for one model only, so each is checked against all the
 * others before the proxy starts.
 */
final class CatalogReader {

  /**
   * The output limit of an entry without {@code max_tokens}: 32,000 is within every Claude 4
   * model's documented maximum (Opus 4 and 4.1 allow 32,000, the others 64,000 or more), so the
   * default never turns a request into a 400 on the one API that needs the field.
   */
  static final int DEFAULT_MAX_TOKENS = 32_000;

  private static final String SETTING = Setting.MODELS.name();
  private static final List<String> FIELDS = List.of("id", "api", "provider", "aliases", "headers", "max_tokens");

  /** Each name a client may use, to the id of the model it stands for. */
  private final Map<String, String> owners = new HashMap<>();

  private CatalogReader() {
  }

  /**
   * @param models the {@code MODELS} value: a JSON array, a string holding one, or {@code null}
   * @param modelAliases {@code MODEL_ALIASES}, already read
   */
  static ModelCatalog read(Object models, Map<String, String> modelAliases, boolean strict) {
    CatalogReader reader = new CatalogReader();
    List<ModelSpec> specs = reader.specs(JsonValues.array(models, SETTING, "models"));
    reader.checkAliases(modelAliases);
    if (strict && specs.isEmpty()) {
      throw new ConfigException("STRICT_MODELS is true but MODELS is empty: every request would be refused");
    }
    return new ModelCatalog(specs, modelAliases, strict);
  }


  private List<ModelSpec> specs(JsonArray array) {
    List<ModelSpec> specs = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String where = SETTING + "[" + i + "]";
      if (!(array.getValue(i) instanceof JsonObject entry)) {
        throw new ConfigException(where + " must be a JSON object");
      }
      specs.add(spec(entry, where));
    }
    return specs;
  }

  private ModelSpec spec(JsonObject entry, String where) {
    String id = text(entry, "id", where);
    String at = where + " (" + id + ")";
    for (String field : entry.fieldNames()) {
      if (!FIELDS.contains(field)) {
        throw new ConfigException(at + ": unknown field '" + field + "'; an entry has " + String.join(", ", FIELDS));
      }
    }
    WireApi api = api(entry, at);
    String provider = text(entry, "provider", at);
    List<String> aliases = aliases(entry.getValue("aliases"), at);
    claim(id, id, at);
    aliases.forEach(alias -> claim(alias, id, at));
    return new ModelSpec(id, api, provider, aliases, StaticHeaders.read(entry.getValue("headers"), at),
        maxTokens(entry.getValue("max_tokens"), at));
  }

  private static WireApi api(JsonObject entry, String at) {
    String name = text(entry, "api", at);
    try {
      return WireApi.parse(name);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(at + ": unknown api '" + name + "'; use messages, responses or chat");
    }
  }

  private static List<String> aliases(Object raw, String at) {
    if (raw == null) {
      return List.of();
    }
    if (!(raw instanceof JsonArray array)) {
      throw new ConfigException(at + ": aliases must be a JSON array of names");
    }
    List<String> aliases = new ArrayList<>();
    for (Object alias : array) {
      if (!(alias instanceof String name) || name.isBlank()) {
        throw new ConfigException(at + ": every alias must be a non-empty string");
      }
      aliases.add(name.trim());
    }
    return aliases;
  }

  private static int maxTokens(Object raw, String at) {
    if (raw == null) {
      return DEFAULT_MAX_TOKENS;
    }
    if ((raw instanceof Integer || raw instanceof Long) && ((Number) raw).longValue() >= 1
        && ((Number) raw).longValue() <= Integer.MAX_VALUE) {
      return ((Number) raw).intValue();
    }
    throw new ConfigException(at + ": max_tokens must be a whole number of at least 1, got " + Json.encode(raw));
  }

  private void claim(String name, String id, String at) {
    String owner = owners.putIfAbsent(name, id);
    if (owner != null) {
      throw new ConfigException(at + ": '" + name + "' is already "
          + (owner.equals(name) ? "a model id" : "an alias of " + owner) + " in " + SETTING);
    }
  }

  /**
   * A {@code MODEL_ALIASES} name that is already a catalog name is refused unless it stands for
   * the same model there: such a line, kept from before the catalog existed, changes nothing.
   */
  private void checkAliases(Map<String, String> modelAliases) {
    modelAliases.forEach((alias, target) -> {
      String owner = owners.get(alias);
      if (owner != null && !Objects.equals(owner, owners.get(target))) {
        throw new ConfigException(Setting.MODEL_ALIASES + ": '" + alias + "' is already a name of model "
            + owner + " in " + SETTING + "; choose another alias");
      }
    });
  }

  private static String text(JsonObject json, String field, String where) {
    Object value = json.getValue(field);
    if (!(value instanceof String text) || text.isBlank()) {
      throw new ConfigException(where + ": \"" + field + "\" is required");
    }
    return text.trim();
  }
}

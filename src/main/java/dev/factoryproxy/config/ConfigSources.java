package dev.factoryproxy.config;

import io.vertx.core.json.JsonObject;

/**
 * Where settings come from, lowest precedence first: the JSON file, the dotenv file, the
 * process environment (when included), then the overrides ({@code -conf} JSON).
 *
 * @param configFile the JSON file with defaults and the route table; when it is not on disk
 *     the copy packaged in the jar is read
 * @param dotenvFile the optional {@code .env} file
 * @param includeEnvironment whether the process environment is read
 * @param overrides the highest-precedence values
 */
public record ConfigSources(String configFile, String dotenvFile, boolean includeEnvironment, JsonObject overrides) {

  public static final String CONFIG_FILE = "conf/config.json";
  public static final String DOTENV_FILE = ".env";

  public ConfigSources {
    overrides = overrides == null ? new JsonObject() : overrides.copy();
  }

  /** What a started proxy reads: files relative to the working directory, then the environment. */
  public static ConfigSources standard(JsonObject overrides) {
    return new ConfigSources(CONFIG_FILE, DOTENV_FILE, true, overrides);
  }
}

package dev.factoryproxy.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The few settings needed before Vert.x starts (the cluster's), read synchronously from the same
 * sources and in the same precedence as {@link ConfigLoader}: {@code conf/config.json}, then
 * {@code .env}, then the process environment, then {@code -conf}. Only the named settings are
 * taken, so a broken entry elsewhere is left for the main verticle to report.
 */
public final class EarlySettings {

  private EarlySettings() {
  }

  /**
   * @param workDir where {@code conf/config.json} and {@code .env} are looked up
   * @param environment the process environment
   * @param conf what {@code -conf} holds (already parsed), or an empty object
   */
  public static JsonObject read(Path workDir, Map<String, String> environment, JsonObject conf, List<Setting> wanted) {
    JsonObject merged = new JsonObject();
    Path json = workDir.resolve(ConfigSources.CONFIG_FILE);
    if (Files.isRegularFile(json)) {
      try {
        take(new JsonObject(read(json)).getMap(), wanted, merged);
      } catch (DecodeException e) {
        throw new ConfigException(ConfigSources.CONFIG_FILE + " is not valid JSON");
      }
    }
    Path dotenv = workDir.resolve(ConfigSources.DOTENV_FILE);
    if (Files.isRegularFile(dotenv)) {
      take(DotenvParser.parse(ConfigSources.DOTENV_FILE, read(dotenv)), wanted, merged);
    }
    take(environment, wanted, merged);
    take(conf.getMap(), wanted, merged);
    return merged;
  }

  private static void take(Map<String, ?> source, List<Setting> wanted, JsonObject into) {
    for (Setting setting : wanted) {
      Object value = source.get(setting.name());
      if (value != null) {
        into.put(setting.name(), value.toString());
      }
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(file + " cannot be read", e);
    }
  }
}

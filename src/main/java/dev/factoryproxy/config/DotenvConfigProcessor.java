package dev.factoryproxy.config;

import io.vertx.config.spi.ConfigProcessor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * Lets vertx-config read {@code .env} files: a file store declared with {@code format=dotenv}.
 * Every value stays a string; {@link SettingsReader} converts it where a number is meant.
 */
public final class DotenvConfigProcessor implements ConfigProcessor {

  public static final String FORMAT = "dotenv";

  @Override
  public String name() {
    return FORMAT;
  }

  @Override
  public Future<JsonObject> process(Vertx vertx, JsonObject configuration, Buffer input) {
    String source = configuration.getString("path", ".env");
    try {
      JsonObject json = new JsonObject();
      DotenvParser.parse(source, input.toString(StandardCharsets.UTF_8)).forEach(json::put);
      return Future.succeededFuture(json);
    } catch (ConfigException e) {
      return Future.failedFuture(e);
    }
  }
}

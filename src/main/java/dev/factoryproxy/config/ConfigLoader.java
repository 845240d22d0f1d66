package dev.factoryproxy.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.FileSystemException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.NoSuchFileException;

/**
 * Reads the settings once through vertx-config, merging the {@link ConfigSources} in
 * precedence order, and validates them into {@link ProxySettings}.
 */
public final class ConfigLoader {

  private ConfigLoader() {
  }

  public static Future<ProxySettings> load(Vertx vertx, ConfigSources sources) {
    return merged(vertx, sources).map(SettingsReader::read);
  }

  /** The merged configuration before validation. */
  public static Future<JsonObject> merged(Vertx vertx, ConfigSources sources) {
    // An optional vertx-config store swallows its processor's failure as well as a missing
    // file, so a .env with a syntax error would be silently ignored: the store is declared
    // only when the file exists, and then it is not optional.
    return vertx.fileSystem().exists(sources.dotenvFile())
        .otherwise(false)
        .compose(hasDotenv -> {
          ConfigRetriever retriever = ConfigRetriever.create(vertx, options(sources, hasDotenv));
          return retriever.getConfig().eventually(retriever::close);
        })
        .recover(err -> Future.failedFuture(explain(sources, err)));
  }

  private static ConfigRetrieverOptions options(ConfigSources sources, boolean hasDotenv) {
    ConfigRetrieverOptions options = new ConfigRetrieverOptions()
        .setIncludeDefaultStores(false)
        .setScanPeriod(-1)
        .addStore(new ConfigStoreOptions()
            .setType("file")
            .setFormat("json")
            .setConfig(new JsonObject().put("path", sources.configFile())));
    if (hasDotenv) {
      options.addStore(new ConfigStoreOptions()
          .setType("file")
          .setFormat(DotenvConfigProcessor.FORMAT)
          .setConfig(new JsonObject().put("path", sources.dotenvFile())));
    }
    if (sources.includeEnvironment()) {
      options.addStore(new ConfigStoreOptions()
          .setType("env")
          .setConfig(new JsonObject().put("raw-data", true).put("keys", new JsonArray(Setting.names()))));
    }
    return options.addStore(new ConfigStoreOptions().setType("json").setConfig(sources.overrides()));
  }

  private static Throwable explain(ConfigSources sources, Throwable err) {
    for (Throwable t = err; t != null; t = t.getCause()) {
      if (t instanceof ConfigException) {
        return t;
      }
      if ((t instanceof NoSuchFileException || t instanceof FileSystemException)
          && String.valueOf(t.getMessage()).contains(sources.configFile())) {
        return new ConfigException(sources.configFile() + " cannot be read: it holds the route table; "
            + "run from the project directory or pass -conf with ROUTES");
      }
      if (t instanceof DecodeException) {
        return new ConfigException(sources.configFile() + " is not valid JSON: " + firstLine(t.getMessage()));
      }
    }
    return new ConfigException("configuration cannot be read: " + firstLine(String.valueOf(err.getMessage())));
  }

  private static String firstLine(String message) {
    int eol = message.indexOf('\n');
    return eol < 0 ? message : message.substring(0, eol);
  }
}

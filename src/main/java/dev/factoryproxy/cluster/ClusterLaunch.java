package dev.factoryproxy.cluster;

import dev.factoryproxy.config.ClusterSettings;
import dev.factoryproxy.config.ClusterSettingsReader;
import dev.factoryproxy.config.EarlySettings;
import dev.factoryproxy.config.Setting;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code java -jar factory-proxy.jar -cluster} joins. The rule, for experts: when
 * {@code -Dvertx.hazelcast.config} names a Hazelcast file, that file is the whole configuration
 * and the CLUSTER_* settings are ignored (one line says so). Otherwise the settings build it
 * ({@link HazelcastConfigs}), and the event bus binds to {@code CLUSTER_HOST} too.
 */
public final class ClusterLaunch {

  /** The property vertx-hazelcast reads its configuration file from. */
  public static final String HAZELCAST_CONFIG_PROPERTY = "vertx.hazelcast.config";
  private static final List<Setting> SETTINGS = List.of(Setting.CLUSTER_NAME, Setting.CLUSTER_MEMBERS,
      Setting.CLUSTER_PORT, Setting.CLUSTER_HOST);
  private static final Logger log = LoggerFactory.getLogger(ClusterLaunch.class);

  private final String[] args;

  public ClusterLaunch(String[] args) {
    this.args = args.clone();
  }

  /**
   * The cluster manager to start Vert.x with, or empty when not clustered or when a Hazelcast
   * file takes over. Sets the event bus host in {@code options} (a {@code -cluster-host} flag,
   * applied by the launcher afterwards, still wins).
   *
   * @throws dev.factoryproxy.config.ConfigException with one line when a setting is wrong
   */
  public Optional<ClusterManager> manager(VertxOptions options, Map<String, String> environment, Path workDir) {
    if (!flag("-cluster")) {
      return Optional.empty();
    }
    String file = System.getProperty(HAZELCAST_CONFIG_PROPERTY);
    if (file != null && !file.isBlank()) {
      log.info("cluster: Hazelcast configured by {} (-D{}); CLUSTER_NAME, CLUSTER_MEMBERS, CLUSTER_PORT and "
          + "CLUSTER_HOST are ignored", file, HAZELCAST_CONFIG_PROPERTY);
      return Optional.empty();
    }
    JsonObject merged = EarlySettings.read(workDir, environment, conf(), SETTINGS);
    ClusterSettings settings = ClusterSettingsReader.read(merged, value("-cluster-host"));
    options.getEventBusOptions().setHost(settings.host());
    log.info("cluster: name {}, members {}, listening on {} from port {}", settings.name(),
        String.join(",", settings.members()), settings.host(), settings.port());
    return Optional.of(new HazelcastClusterManager(HazelcastConfigs.of(settings)));
  }

  /** What {@code -conf} holds: a file's JSON, or JSON text, as the launcher reads it; else nothing. */
  private JsonObject conf() {
    String value = value("-conf");
    if (value == null) {
      return new JsonObject();
    }
    try {
      Path path = Path.of(value);
      return new JsonObject(Files.isRegularFile(path) ? Files.readString(path) : value);
    } catch (InvalidPathException | IOException | DecodeException e) {
      // The launcher reports a -conf it cannot read; the cluster settings come from elsewhere then.
      return new JsonObject();
    }
  }

  private boolean flag(String name) {
    for (String arg : args) {
      String option = arg.toLowerCase(Locale.ROOT);
      if (option.equals(name) || option.equals("-" + name)) {
        return true;
      }
    }
    return false;
  }

  /** The value of {@code -name value}, {@code -name=value} or their {@code --} forms. */
  private String value(String name) {
    for (int i = 0; i < args.length; i++) {
      String option = args[i].toLowerCase(Locale.ROOT);
      if ((option.equals(name) || option.equals("-" + name)) && i + 1 < args.length) {
        return args[i + 1];
      }
      if (option.startsWith(name + "=") || option.startsWith("-" + name + "=")) {
        return args[i].substring(args[i].indexOf('=') + 1);
      }
    }
    return null;
  }
}

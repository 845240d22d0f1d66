package dev.factoryproxy;

import dev.factoryproxy.cli.KeysCommand;
import dev.factoryproxy.cluster.ClusterLaunch;
import dev.factoryproxy.config.ConfigException;
import dev.factoryproxy.config.EarlySettings;
import dev.factoryproxy.config.Setting;
import dev.factoryproxy.config.TransportChoice;
import dev.factoryproxy.logging.LogFormat;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.transport.Transport;
import io.vertx.launcher.application.ExitCodes;
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * The jar's entry point ({@code java -jar factory-proxy.jar}): Vert.x's launcher, except that
 * {@code -instances N} means N event-loop verticles serving requests. The plain launcher would
 * deploy N {@link MainVerticle}s, and could not tell {@code -instances 1} from no flag at all, so
 * {@code -instances 1} would still start one verticle per core. Here one {@link MainVerticle}
 * is deployed and gets N as {@code INSTANCES}, above every other source.
 *
 * <p>It also changes Vert.x defaults, each unless {@code -options} sets it otherwise:
 * <ul>
 *   <li>a native transport: io_uring where the kernel allows it (measured here at 20% less CPU
 *       per proxied request than epoll), else epoll, else Java NIO;
 *       {@code -options '{"preferNativeTransport":false}'} keeps NIO;
 *   <li>no thread context class loader switch on every event: a fat jar has one class loader.
 * </ul>
 *
 * <p>With {@code -cluster} it configures Hazelcast from the CLUSTER_* settings ({@link ClusterLaunch}).
 *
 * <p>And it ends the process on SIGTERM as an orderly shutdown should: Vert.x's shutdown hook
 * closes Vert.x, which lets requests in flight finish ({@code SHUTDOWN_TIMEOUT}); then the logs
 * are flushed (Logback's own shutdown hook would have stopped them at the signal, losing every
 * line of the drain) and the process exits 0 rather than the JVM's 143 for a signal.
 */
public final class ProxyApplication extends VertxApplication implements VertxApplicationHooks {

  private final boolean instancesFlag;
  private final Optional<Path> confFile;
  private final ClusterLaunch cluster;
  /** Set once the verticle is deployed: a shutdown after that is a stop, not a failed start. */
  private volatile boolean serving;

  public ProxyApplication(String[] args) {
    super(args);
    this.instancesFlag = hasInstancesFlag(args);
    this.confFile = confFile(args);
    this.cluster = new ClusterLaunch(args);
  }

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("keys")) {
      System.exit(new KeysCommand(System.out, System.err)
          .run(java.util.Arrays.asList(args).subList(1, args.length), System.getenv()));
    }
    try {
      LogFormat.apply(logFormat());
    } catch (ConfigException e) {
      LoggerFactory.getLogger(ProxyApplication.class).error(e.getMessage());
      stopLogging();
      System.exit(ExitCodes.VERTX_INITIALIZATION);
    }
    new ProxyApplication(args).launch();
  }

  /** LOG_FORMAT from conf/config.json, .env or the environment (not -conf: logging starts first). */
  private static String logFormat() {
    Object value = EarlySettings.read(Path.of(""), System.getenv(), new JsonObject(), List.of(Setting.LOG_FORMAT))
        .getValue(Setting.LOG_FORMAT.name());
    return value == null ? null : value.toString();
  }

  /** TRANSPORT from conf/config.json, .env or the environment (not -conf: Vert.x is built first). */
  private static TransportChoice transport() {
    return TransportChoice.parse(EarlySettings.read(Path.of(""), System.getenv(), new JsonObject(),
        List.of(Setting.TRANSPORT)).getValue(Setting.TRANSPORT.name()));
  }

  @Override
  public VertxBuilder createVertxBuilder(VertxOptions options) {
    if (options.getMetricsOptions() == null || !options.getMetricsOptions().isEnabled()) {
      // Vert.x's HTTP server, HTTP client and JVM metrics, in the registry /metrics serves.
      options.setMetricsOptions(new MicrometerMetricsOptions()
          .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
          .setJvmMetricsEnabled(true)
          .setEnabled(true));
    }
    VertxBuilder builder = Vertx.builder().with(options);
    // The cluster manager is made here, before the main verticle reads the other settings.
    try {
      switch (transport()) {
        // With preferNativeTransport alone Vert.x takes epoll even where io_uring is available.
        case IO_URING -> {
          if (options.getPreferNativeTransport() && Transport.IO_URING != null && Transport.IO_URING.available()) {
            builder.withTransport(Transport.IO_URING);
          }
        }
        case NIO -> options.setPreferNativeTransport(false);
        case AUTO -> { }
      }
      cluster.manager(options, System.getenv(), Path.of("")).ifPresent(builder::withClusterManager);
    } catch (ConfigException e) {
      LoggerFactory.getLogger(ProxyApplication.class).error(e.getMessage());
      stopLogging();
      System.exit(ExitCodes.VERTX_INITIALIZATION);
    }
    return builder;
  }

  @Override
  public JsonObject afterVertxOptionsParsed(JsonObject vertxOptions) {
    return withProxyDefaults(vertxOptions);
  }

  static JsonObject withProxyDefaults(JsonObject vertxOptions) {
    JsonObject options = vertxOptions == null ? new JsonObject() : vertxOptions;
    if (!options.containsKey("preferNativeTransport")) {
      options.put("preferNativeTransport", true);
    }
    if (!options.containsKey("disableTCCL")) {
      options.put("disableTCCL", true);
    }
    return options;
  }

  /** The main verticle, told which file {@code -conf} named so it can check who may read the token. */
  @Override
  public Supplier<? extends Deployable> verticleSupplier() {
    return () -> new MainVerticle(confFile);
  }

  @Override
  public void beforeDeployingVerticle(HookContext context) {
    DeploymentOptions options = context.deploymentOptions();
    if (instancesFlag || options.getInstances() > 1) {
      JsonObject config = options.getConfig() == null ? new JsonObject() : options.getConfig();
      options.setConfig(config.put(Setting.INSTANCES.name(), options.getInstances())).setInstances(1);
    }
  }

  @Override
  public void afterVerticleDeployed(HookContext context) {
    serving = true;
  }

  @Override
  public void afterVertxStopped(HookContext context) {
    stopLogging();
    if (serving) {
      // A failed start calls System.exit with its own code, which this must not override.
      Runtime.getRuntime().halt(0);
    }
  }

  @Override
  public void afterFailureToStopVertx(HookContext context, Throwable t) {
    stopLogging();
  }

  /** Flushes and stops Logback (its asynchronous appenders hold the last lines). */
  private static void stopLogging() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (factory instanceof ch.qos.logback.classic.LoggerContext logback) {
      logback.stop();
    }
  }

  /**
   * The file {@code -conf} names, when it names an existing file: the launcher reads the value as
   * a file path first and as JSON text only when that fails, and so does this.
   */
  static Optional<Path> confFile(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String option = args[i].toLowerCase(Locale.ROOT);
      String value = null;
      if ((option.equals("-conf") || option.equals("--conf")) && i + 1 < args.length) {
        value = args[i + 1];
      } else if (option.startsWith("-conf=") || option.startsWith("--conf=")) {
        value = args[i].substring(args[i].indexOf('=') + 1);
      }
      if (value != null) {
        try {
          Path path = Path.of(value);
          return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
        } catch (InvalidPathException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /** Whether the command line has {@code -instances} (the launcher reads options case-insensitively). */
  static boolean hasInstancesFlag(String[] args) {
    for (String arg : args) {
      String option = arg.toLowerCase(Locale.ROOT);
      if (option.equals("-instances") || option.equals("--instances")
          || option.startsWith("-instances=") || option.startsWith("--instances=")) {
        return true;
      }
    }
    return false;
  }
}

package dev.factoryproxy;

import dev.factoryproxy.cluster.ClusterView;
import dev.factoryproxy.cluster.MemberWatch;
import dev.factoryproxy.config.ConfigLoader;
import dev.factoryproxy.config.ConfigSources;
import dev.factoryproxy.config.ProxySettings;
import dev.factoryproxy.config.TokenFileCheck;
import dev.factoryproxy.keys.KeyRegistry;
import dev.factoryproxy.lifecycle.DrainReport;
import dev.factoryproxy.metrics.ProxyMetrics;
import dev.factoryproxy.tokens.TokenPool;
import dev.factoryproxy.translate.TokenEstimator;
import dev.factoryproxy.limits.LimitState;
import dev.factoryproxy.usage.UsageLedger;
import dev.factoryproxy.usage.UsageSnapshots;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.internal.VertxInternal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verticle the launchers start ({@code java -jar}, {@code bin/vertx run}). It reads the
 * configuration once, validates it, and deploys one {@link ProxyVerticle} per event loop
 * ({@code INSTANCES}, by default one per core). A configuration error stops the start with
 * one line that says what to set and where.
 */
public final class MainVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(MainVerticle.class);

  private final List<ProxyVerticle> started = new CopyOnWriteArrayList<>();
  private final Optional<Path> confFile;
  private ProxySettings settings;
  private KeyRegistry keys;
  private TokenPool tokens;
  private ProxyMetrics metrics;
  private UsageSnapshots snapshots;
  private Optional<MemberWatch> members = Optional.empty();

  /** As {@code bin/vertx run} creates it: {@code -conf} is not known to have been a file. */
  public MainVerticle() {
    this(Optional.empty());
  }

  /** @param confFile the file {@code -conf} named, if it named one, for the token file check */
  public MainVerticle(Optional<Path> confFile) {
    this.confFile = confFile;
  }

  @Override
  public Future<?> start() {
    ConfigSources sources = ConfigSources.standard(config());
    return ConfigLoader.load(vertx, sources)
        .compose(settings -> warnIfTokenFileExposed(sources).map(settings))
        .compose(settings -> KeyRegistry.start(vertx, settings.access(), settings.clientKeys(),
            KeyRegistry.DEFAULT_POLL_MILLIS).compose(registry -> {
              keys = registry;
              members = MemberWatch.start(vertx, registry);
              return persistUsage(settings);
            }).compose(v -> startTokens(settings)).compose(v -> deploy(settings)))
        .onFailure(err -> {
          if (err instanceof StartupException) {
            log.error(err.getMessage());
          } else {
            log.error("factory-proxy failed to start", err);
          }
        });
  }

  /**
   * A single node keeps the day's usage and budgets in STATE_DIR; a cluster keeps them in
   * Hazelcast, where they outlive any one member.
   */
  private Future<Void> persistUsage(ProxySettings settings) {
    if (vertx.isClustered()) {
      return Future.succeededFuture();
    }
    Clock clock = Clock.systemUTC();
    return UsageSnapshots.start(vertx, new UsageLedger(vertx.sharedData(), clock), LimitState.of(vertx.sharedData()),
        settings.access().stateDir(), clock, UsageSnapshots.DEFAULT_PERIOD_MILLIS)
        .onSuccess(s -> snapshots = s)
        .mapEmpty();
  }

  /** One pool of upstream tokens for every event loop; in a cluster its states are shared by all members. */
  private Future<Void> startTokens(ProxySettings settings) {
    return TokenPool.start(vertx, settings.tokens()).onSuccess(pool -> {
      tokens = pool;
      metrics = ProxyMetrics.create(settings, pool);
    }).mapEmpty();
  }

  /** One warning when others may read the file holding the token; never stops the start. */
  private Future<Void> warnIfTokenFileExposed(ConfigSources sources) {
    return vertx.executeBlocking(() -> TokenFileCheck.warning(sources, confFile, System.getenv()))
        .onSuccess(warning -> warning.ifPresent(log::warn))
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }

  private Future<String> deploy(ProxySettings settings) {
    // `bin/vertx run ... -instances N` (the legacy launcher) already made N of us: then each serves
    // with one. `java -jar` (ProxyApplication) turns -instances into INSTANCES and deploys one of us.
    int instances = context.getInstanceCount() > 1 ? 1 : settings.instances();
    this.settings = settings;
    // Not awaited: the proxy serves at once, and the few answers that need a local count before
    // the encoding is in wait for it or do without (see TranslateRequest, CountTokensHandler).
    // Loaded once the servers listen: its 0.4 s of CPU would otherwise compete with the start.
    Promise<TokenEstimator> estimator = Promise.promise();
    return vertx.deployVerticle(() -> {
          ProxyVerticle verticle = new ProxyVerticle(settings, estimator.future(), keys, tokens, metrics);
          started.add(verticle);
          return verticle;
        }, new DeploymentOptions().setInstances(instances))
        .onSuccess(id -> {
          announce(settings, started.get(0).actualPort(), instances);
          vertx.executeBlocking(TokenEstimator::new).onComplete(estimator);
        });
  }

  /**
   * Vert.x stops the serving verticles (each drains its requests, see {@link ProxyVerticle#stop()})
   * before this, their parent: by now every drain is over and can be told in one line.
   */
  @Override
  public Future<?> stop() {
    if (keys != null) {
      keys.stop();
    }
    members.ifPresent(MemberWatch::stop);
    if (tokens != null) {
      tokens.close();
    }
    Future<Void> saved = snapshots == null ? Future.succeededFuture() : snapshots.stop()
        .onFailure(err -> log.warn("usage not saved at shutdown: {}", err.getMessage()));
    if (settings != null) {
      DrainReport report = started.stream().map(ProxyVerticle::drainReport).reduce(DrainReport.NONE, DrainReport::plus);
      log.info("shut down: {} requests in flight, {} completed, {} cut at the {} ms SHUTDOWN_TIMEOUT or failed",
          report.inFlight(), report.completed(), report.cut(), settings.shutdownTimeout().toMillis());
    }
    return saved.otherwiseEmpty();
  }

  /** io_uring, epoll or nio: which transport Vert.x ended up with (it falls back silently). */
  private String transportName() {
    String impl = ((VertxInternal) vertx).transport().getClass().getSimpleName();
    return switch (impl) {
      case "IoUringTransport" -> "io_uring";
      case "EpollTransport" -> "epoll";
      case "NioTransport" -> "nio";
      default -> impl;
    };
  }

  private void announce(ProxySettings settings, int port, int instances) {
    log.info("factory-proxy {} listening on http://{}:{} ({} event-loop verticles), bound to {} because {}",
        ProxyVersion.get(), settings.host(), port, instances, settings.host(), settings.bindReason());
    log.info("forwarding {} routes to {} with {} upstream tokens; client keys {}; {} transport",
        settings.routes().size(), settings.baseUrl(), settings.tokens().specs().size(),
        keys.current().required() ? "required (" + keys.current().keys().size() + ")" : "not required",
        transportName());
    if (vertx.isClustered()) {
      log.info("cluster: {}", ClusterView.describe(vertx).encode());
    }
  }
}

package dev.factoryproxy.usage;

import dev.factoryproxy.limits.LimitState;
import dev.factoryproxy.limits.Limiter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single node's usage across restarts: the ledger is written to {@code STATE_DIR/usage.json}
 * every few seconds and at shutdown (to a temporary file, then moved over the old one, through
 * Vert.x's file system, off the event loop), and read back at start, where it also restores
 * today's daily-token counters, so a budget spent before a restart stays spent.
 */
public final class UsageSnapshots {

  public static final long DEFAULT_PERIOD_MILLIS = 5000;
  private static final Logger log = LoggerFactory.getLogger(UsageSnapshots.class);

  private final Vertx vertx;
  private final UsageLedger ledger;
  private final Path file;
  private long timer = -1;

  private UsageSnapshots(Vertx vertx, UsageLedger ledger, Path file) {
    this.vertx = vertx;
    this.ledger = ledger;
    this.file = file;
  }

  /** Restores what the last run saved, then saves every {@code periodMillis}. */
  public static Future<UsageSnapshots> start(Vertx vertx, UsageLedger ledger, LimitState limits, Path stateDir,
                                             Clock clock, long periodMillis) {
    UsageSnapshots snapshots = new UsageSnapshots(vertx, ledger, stateDir.resolve("usage.json"));
    return snapshots.restore(limits, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)).map(v -> {
      snapshots.timer = vertx.setPeriodic(periodMillis, id -> snapshots.save()
          .onFailure(err -> log.warn("usage not saved to {}: {}", snapshots.file, err.getMessage())));
      return snapshots;
    });
  }

  /** Stops the periodic save and saves once more. */
  public Future<Void> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    return save();
  }

  /**
   * Writes the snapshot atomically (a temporary file, then a move), on a worker thread with
   * java.nio: at SIGTERM Vert.x's file system is already closing (its file cache is gone), and the
   * last save must still land.
   */
  public Future<Void> save() {
    return ledger.rows(row -> true)
        .map(rows -> new JsonObject().put("usage", new JsonArray(rows.stream().map(UsageRow::toJson).toList())))
        .compose(json -> vertx.executeBlocking(() -> {
          Path target = file.toAbsolutePath();
          Files.createDirectories(target.getParent());
          Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
          Files.write(tmp, json.toBuffer().getBytes());
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
          return null;
        }, false));
  }

  private Future<Void> restore(LimitState limits, LocalDate today) {
    String path = file.toString();
    return vertx.fileSystem().exists(path).compose(exists -> !exists ? Future.<Void>succeededFuture()
        : vertx.fileSystem().readFile(path).compose(bytes -> {
          List<UsageRow> rows;
          try {
            rows = bytes.toJsonObject().getJsonArray("usage").stream()
                .map(o -> UsageRow.fromJson((JsonObject) o)).toList();
          } catch (RuntimeException e) {
            log.error("{} is not a usage snapshot ({}); starting with no usage", path, e.getMessage());
            return Future.succeededFuture();
          }
          Map<String, Long> todayByKey = new HashMap<>();
          rows.stream().filter(r -> r.day().equals(today))
              .forEach(r -> todayByKey.merge(r.key(), r.billableTokens(), Long::sum));
          return ledger.restore(rows).compose(v -> Future.all(todayByKey.entrySet().stream()
              .map(e -> limits.compareAndSet(Limiter.daily(e.getKey(), today), 0, e.getValue())).toList()))
              .mapEmpty();
        }));
  }
}

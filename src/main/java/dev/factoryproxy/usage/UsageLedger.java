package dev.factoryproxy.usage;

import dev.factoryproxy.translate.model.Usage;
import io.vertx.core.Future;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.shareddata.SharedData;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Per key, model and UTC day: the requests that reached Factory and the tokens they used. Kept
 * in a SharedData async map (local, or cluster-wide with {@code -cluster}); each row is updated
 * by compare-and-set, so concurrent records on any member add up exactly. The rows are stored as
 * {@link UsageRow}s, not JSON: a record per request costs a get and a compare-and-set, no parsing.
 */
public final class UsageLedger {

  /** Named apart from the JSON rows of earlier versions, which a mixed cluster could still hold. */
  static final String MAP = "fp.usage.rows";
  private static final int MAX_ATTEMPTS = 64;

  private final Clock clock;
  private final Future<AsyncMap<String, UsageRow>> map;

  public UsageLedger(SharedData data, Clock clock) {
    this.clock = clock;
    // Asked once: the same map serves every record (getAsyncMap is a lookup, and a cluster call).
    this.map = data.getAsyncMap(MAP);
  }

  /** One request that reached Factory, with what it used ({@link Usage#NONE} if it said nothing). */
  public Future<UsageRow> record(String keyName, String model, Usage usage) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    String id = UsageRow.id(keyName, model == null ? "-" : model, today);
    return map.compose(rows -> update(rows, id, UsageRow.empty(keyName, model == null ? "-" : model, today), usage, 0));
  }

  /** The rows matching {@code filter}, sorted by day, key and model. */
  public Future<List<UsageRow>> rows(Predicate<UsageRow> filter) {
    return map.compose(AsyncMap::entries).map(entries -> {
      List<UsageRow> rows = new ArrayList<>();
      for (UsageRow row : entries.values()) {
        if (filter.test(row)) {
          rows.add(row);
        }
      }
      rows.sort(Comparator.comparing(UsageRow::day).thenComparing(UsageRow::key).thenComparing(UsageRow::model));
      return rows;
    });
  }

  /** Puts back rows saved before a restart, where the map has none yet. */
  public Future<Void> restore(List<UsageRow> rows) {
    return map.compose(saved -> Future.all(rows.stream()
        .map(row -> saved.putIfAbsent(row.id(), row)).toList())).mapEmpty();
  }

  private Future<UsageRow> update(AsyncMap<String, UsageRow> rows, String id, UsageRow empty, Usage usage, int attempt) {
    return rows.get(id).compose(old -> {
      UsageRow next = (old == null ? empty : old).plus(usage);
      Future<Boolean> written = old == null ? rows.putIfAbsent(id, next).map(prev -> prev == null)
          : rows.replaceIfPresent(id, old, next);
      return written.compose(ok -> ok ? Future.succeededFuture(next) : attempt < MAX_ATTEMPTS
          ? update(rows, id, empty, usage, attempt + 1)
          : Future.failedFuture(new IllegalStateException("usage row contended " + MAX_ATTEMPTS + " times")));
    });
  }
}

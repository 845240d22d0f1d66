package dev.factoryproxy.usage;

import dev.factoryproxy.translate.model.Usage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.shareddata.SharedData;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Per key, model and UTC day: the requests that reached Factory and the tokens they used. Kept
 * in a SharedData async map (local, or cluster-wide with {@code -cluster}); each row is updated
 * by compare-and-set, so concurrent records on any member add up exactly.
 */
public final class UsageLedger {

  static final String MAP = "fp.usage";
  private static final int MAX_ATTEMPTS = 64;

  private final SharedData data;
  private final Clock clock;

  public UsageLedger(SharedData data, Clock clock) {
    this.data = data;
    this.clock = clock;
  }

  /** One request that reached Factory, with what it used ({@link Usage#NONE} if it said nothing). */
  public Future<UsageRow> record(String keyName, String model, Usage usage) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    String id = UsageRow.id(keyName, model == null ? "-" : model, today);
    return map().compose(map -> update(map, id, UsageRow.empty(keyName, model == null ? "-" : model, today), usage, 0));
  }

  /** The rows matching {@code filter}, sorted by day, key and model. */
  public Future<List<UsageRow>> rows(Predicate<UsageRow> filter) {
    return map().compose(AsyncMap::entries).map(entries -> {
      List<UsageRow> rows = new ArrayList<>();
      for (Map.Entry<String, String> e : entries.entrySet()) {
        UsageRow row = UsageRow.fromJson(new JsonObject(e.getValue()));
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
    return map().compose(map -> Future.all(rows.stream()
        .map(row -> map.putIfAbsent(row.id(), row.toJson().encode())).toList())).mapEmpty();
  }

  private Future<AsyncMap<String, String>> map() {
    return data.getAsyncMap(MAP);
  }

  private Future<UsageRow> update(AsyncMap<String, String> map, String id, UsageRow empty, Usage usage, int attempt) {
    return map.get(id).compose(old -> {
      UsageRow next = (old == null ? empty : UsageRow.fromJson(new JsonObject(old))).plus(usage);
      String encoded = next.toJson().encode();
      Future<Boolean> written = old == null ? map.putIfAbsent(id, encoded).map(prev -> prev == null)
          : map.replaceIfPresent(id, old, encoded);
      return written.compose(ok -> ok ? Future.succeededFuture(next) : attempt < MAX_ATTEMPTS
          ? update(map, id, empty, usage, attempt + 1)
          : Future.failedFuture(new IllegalStateException("usage row contended " + MAX_ATTEMPTS + " times")));
    });
  }
}

package dev.factoryproxy.usage;

import dev.factoryproxy.translate.model.Usage;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;
import java.io.Serializable;
import java.time.LocalDate;

/**
 * One key's use of one model on one UTC day, as {@code GET /admin/usage} shows it.
 * {@code inputTokens} is the uncached input (Anthropic's {@code input_tokens}); the cached
 * part is in {@code cacheReadTokens} and {@code cacheCreationTokens}.
 *
 * <p>The ledger's map holds the rows themselves: immutable and {@link Shareable}, a local map
 * keeps them without a copy; {@link Serializable}, Hazelcast stores them and compares them in
 * its compare-and-set by their serialized bytes, which equal rows share.
 */
public record UsageRow(String key, String model, LocalDate day, long requests, long inputTokens, long outputTokens,
                       long cacheReadTokens, long cacheCreationTokens, long reasoningTokens)
    implements Shareable, Serializable {

  public static UsageRow empty(String key, String model, LocalDate day) {
    return new UsageRow(key, model, day, 0, 0, 0, 0, 0, 0);
  }

  /** This row with one more request that reached Factory, and what it used. */
  public UsageRow plus(Usage usage) {
    return new UsageRow(key, model, day, requests + 1, inputTokens + Usage.zero(usage.input()),
        outputTokens + Usage.zero(usage.output()), cacheReadTokens + Usage.zero(usage.cacheRead()),
        cacheCreationTokens + Usage.zero(usage.cacheWrite()), reasoningTokens + Usage.zero(usage.reasoning()));
  }

  /** Every token that counts against the limits: all input, cached or not, and the output. */
  public long billableTokens() {
    return inputTokens + cacheReadTokens + cacheCreationTokens + outputTokens;
  }

  public JsonObject toJson() {
    return new JsonObject().put("key", key).put("model", model).put("day", day.toString())
        .put("requests", requests).put("input_tokens", inputTokens).put("output_tokens", outputTokens)
        .put("cache_read_tokens", cacheReadTokens).put("cache_creation_tokens", cacheCreationTokens)
        .put("reasoning_tokens", reasoningTokens);
  }

  public static UsageRow fromJson(JsonObject json) {
    return new UsageRow(json.getString("key"), json.getString("model"), LocalDate.parse(json.getString("day")),
        json.getLong("requests", 0L), json.getLong("input_tokens", 0L), json.getLong("output_tokens", 0L),
        json.getLong("cache_read_tokens", 0L), json.getLong("cache_creation_tokens", 0L),
        json.getLong("reasoning_tokens", 0L));
  }

  /** The map key: tab-separated, since key names hold no tab and model names are JSON strings. */
  String id() {
    return id(key, model, day);
  }

  static String id(String key, String model, LocalDate day) {
    return key + '\t' + model + '\t' + day;
  }
}

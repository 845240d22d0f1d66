package dev.factoryproxy.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.error.ErrorFormat;
import dev.factoryproxy.error.ProxyError;
import io.vertx.core.MultiMap;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateHeadersTest {

  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00.250Z");
  private static final Verdict REFUSED = new Verdict(ProxyError.RATE_LIMITED_REQUESTS, "m", 6,
      new RateWindow(10, 0, 60_000_000), new RateWindow(1000, 400, 1_500_000));

  @Test
  void openaiRoutesGetXRatelimitHeadersWithDurations() {
    MultiMap h = MultiMap.caseInsensitiveMultiMap();
    RateHeaders.apply(h, ErrorFormat.OPENAI, REFUSED, NOW);

    assertThat(h.get("retry-after")).isEqualTo("6");
    assertThat(h.get("x-ratelimit-limit-requests")).isEqualTo("10");
    assertThat(h.get("x-ratelimit-remaining-requests")).isEqualTo("0");
    assertThat(h.get("x-ratelimit-reset-requests")).isEqualTo("1m0s");
    assertThat(h.get("x-ratelimit-limit-tokens")).isEqualTo("1000");
    assertThat(h.get("x-ratelimit-remaining-tokens")).isEqualTo("400");
    assertThat(h.get("x-ratelimit-reset-tokens")).isEqualTo("2s");
    assertThat(h.names()).noneMatch(n -> n.startsWith("anthropic-"));
  }

  @Test
  void theMessagesRouteGetsAnthropicHeadersWithInstants() {
    MultiMap h = MultiMap.caseInsensitiveMultiMap();
    RateHeaders.apply(h, ErrorFormat.ANTHROPIC, REFUSED, NOW);

    assertThat(h.get("retry-after")).isEqualTo("6");
    assertThat(h.get("anthropic-ratelimit-requests-limit")).isEqualTo("10");
    assertThat(h.get("anthropic-ratelimit-requests-remaining")).isEqualTo("0");
    assertThat(h.get("anthropic-ratelimit-requests-reset")).isEqualTo("2026-11-25T10:01:01Z");
    assertThat(h.get("anthropic-ratelimit-tokens-limit")).isEqualTo("1000");
    assertThat(h.get("anthropic-ratelimit-tokens-remaining")).isEqualTo("400");
    assertThat(h.get("anthropic-ratelimit-tokens-reset")).isEqualTo("2026-11-25T10:00:02Z");
    assertThat(h.names()).noneMatch(n -> n.startsWith("x-ratelimit"));
  }

  @Test
  void durationsInOpenaisSpelling() {
    assertThat(RateHeaders.duration(20_000)).isEqualTo("20ms");
    assertThat(RateHeaders.duration(6_000_000)).isEqualTo("6s");
    assertThat(RateHeaders.duration(90_000_000)).isEqualTo("1m30s");
    assertThat(RateHeaders.duration(7_205_000_000L)).isEqualTo("2h0m5s");
  }
}

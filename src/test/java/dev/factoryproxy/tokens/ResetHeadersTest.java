package dev.factoryproxy.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Reset headers as the Anthropic and OpenAI API references document them. */
class ResetHeadersTest {

  private static final long NOW = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

  @Test
  void retryAfterSecondsComeFirst() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("retry-after", "7")
        .add("anthropic-ratelimit-requests-reset", "2026-01-01T00:01:00Z");
    assertThat(ResetHeaders.resetMillis(headers, NOW)).isEqualTo(NOW + 7000);
  }

  @Test
  void anthropicResetOfTheExhaustedLimit() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add("anthropic-ratelimit-requests-remaining", "0")
        .add("anthropic-ratelimit-requests-reset", "2026-01-01T00:00:20Z")
        .add("anthropic-ratelimit-tokens-remaining", "5000")
        .add("anthropic-ratelimit-tokens-reset", "2026-01-01T00:00:50Z");
    assertThat(ResetHeaders.resetMillis(headers, NOW)).isEqualTo(NOW + 20_000);
  }

  @Test
  void openAiResetDurations() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add("x-ratelimit-remaining-requests", "0").add("x-ratelimit-reset-requests", "6m0s")
        .add("x-ratelimit-remaining-tokens", "100").add("x-ratelimit-reset-tokens", "1s");
    assertThat(ResetHeaders.resetMillis(headers, NOW)).isEqualTo(NOW + 360_000);
    assertThat(ResetHeaders.goDuration("1h2m3.5s")).isEqualTo(3_723_500);
    assertThat(ResetHeaders.goDuration("20ms")).isEqualTo(20);
    assertThat(ResetHeaders.goDuration("soon")).isEqualTo(-1);
  }

  @Test
  void noHeaderNoReset() {
    assertThat(ResetHeaders.resetMillis(MultiMap.caseInsensitiveMultiMap(), NOW)).isEqualTo(-1);
  }
}

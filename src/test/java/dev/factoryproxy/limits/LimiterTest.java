package dev.factoryproxy.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.error.ProxyError;
import dev.factoryproxy.keys.KeyLimits;
import dev.factoryproxy.keys.KeySpec;
import dev.factoryproxy.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The limiter on Vert.x's local SharedData, with a clock the test moves. */
@ExtendWith(VertxExtension.class)
class LimiterTest {

  private final TestClock clock = new TestClock(Instant.parse("2026-11-25T23:59:00Z"));

  private static KeySpec key(String name, KeyLimits limits) {
    return new KeySpec(name, new byte[32], List.of(), limits, null, false);
  }

  private Limiter limiter(Vertx vertx) {
    return new Limiter(LimitState.of(vertx.sharedData()), clock);
  }

  @Test
  void rpmAdmitsExactlyTheLimitWhenAskedAllAtOnce(Vertx vertx) {
    Limiter limiter = limiter(vertx);
    KeySpec key = key("rpm-burst", new KeyLimits(10L, null, null, null));

    List<Verdict> verdicts = Await.result(Future.all(IntStream.range(0, 30)
        .mapToObj(i -> limiter.admit(key)).toList())).list();

    assertThat(verdicts).filteredOn(Verdict::admitted).hasSize(10);
    List<Verdict> refused = verdicts.stream().filter(v -> !v.admitted()).toList();
    assertThat(refused).hasSize(20).allSatisfy(v -> {
      assertThat(v.refusal()).isEqualTo(ProxyError.RATE_LIMITED_REQUESTS);
      assertThat(v.retryAfterSeconds()).isEqualTo(6);
      assertThat(v.requests().remaining()).isZero();
      assertThat(v.message()).contains("rpm-burst").contains("10 requests per minute");
    });
    clock.advance(Duration.ofSeconds(6));
    assertThat(Await.result(limiter.admit(key)).admitted()).isTrue();
    assertThat(Await.result(limiter.admit(key)).admitted()).isFalse();
  }

  @Test
  void concurrencyCountsUntilReleasedAndARefusalHoldsNoSlot(Vertx vertx) {
    Limiter limiter = limiter(vertx);
    KeySpec key = key("conc", new KeyLimits(null, null, 2L, null));

    assertThat(Await.result(limiter.admit(key)).admitted()).isTrue();
    assertThat(Await.result(limiter.admit(key)).admitted()).isTrue();
    Verdict third = Await.result(limiter.admit(key));
    assertThat(third.admitted()).isFalse();
    assertThat(third.retryAfterSeconds()).isEqualTo(1);
    assertThat(Await.result(limiter.window(key)).getLong("in_flight")).isEqualTo(2);

    Await.result(limiter.release(key));
    assertThat(Await.result(limiter.admit(key)).admitted()).isTrue();
  }

  @Test
  void aRequestRefusedForTokensTakesNeitherItsRpmSlotNorAConcurrencySlot(Vertx vertx) {
    Limiter limiter = limiter(vertx);
    KeySpec key = key("tok", new KeyLimits(2L, 100L, 5L, null));
    Await.result(limiter.charge(key, 100));

    Verdict refused = Await.result(limiter.admit(key));
    assertThat(refused.refusal()).isEqualTo(ProxyError.RATE_LIMITED_TOKENS);
    assertThat(refused.tokens().limit()).isEqualTo(100);
    assertThat(refused.tokens().remaining()).isZero();
    assertThat(refused.retryAfterSeconds()).isEqualTo(1);
    assertThat(Await.result(limiter.window(key)).getLong("in_flight")).isZero();

    clock.advance(Duration.ofSeconds(1));
    assertThat(Await.result(limiter.admit(key)).admitted()).isTrue();
    assertThat(Await.result(limiter.admit(key)).admitted()).isTrue();
    assertThat(Await.result(limiter.admit(key)).refusal()).isEqualTo(ProxyError.RATE_LIMITED_REQUESTS);
  }

  @Test
  void dailyTokensRollOverAtMidnightUtc(Vertx vertx) {
    Limiter limiter = limiter(vertx);
    KeySpec key = key("daily", new KeyLimits(null, null, null, 1000L));
    Await.result(limiter.charge(key, 600));
    assertThat(Await.result(limiter.admit(key)).admitted()).isTrue();
    Await.result(limiter.charge(key, 600));

    Verdict spent = Await.result(limiter.admit(key));
    assertThat(spent.refusal()).isEqualTo(ProxyError.RATE_LIMITED_TOKENS);
    assertThat(spent.retryAfterSeconds()).isEqualTo(60);
    assertThat(spent.tokens().limit()).isEqualTo(1000);
    assertThat(Await.result(limiter.window(key)).getLong("daily_tokens_remaining")).isZero();

    clock.advance(Duration.ofSeconds(60));
    assertThat(Await.result(limiter.admit(key)).admitted()).isTrue();
    assertThat(Await.result(limiter.window(key)).getLong("daily_tokens_remaining")).isEqualTo(1000);
  }

  @Test
  void aKeyWithoutLimitsTouchesNoState(Vertx vertx) {
    Limiter limiter = limiter(vertx);
    KeySpec key = key("free", KeyLimits.NONE);
    for (int i = 0; i < 100; i++) {
      assertThat(Await.result(limiter.admit(key)).admitted()).isTrue();
    }
    assertThat(Await.result(limiter.window(key)).getLong("in_flight")).isZero();
  }
}

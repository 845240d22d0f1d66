package dev.factoryproxy.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GcraTest {

  private static final long SECOND = 1_000_000;
  private static final long T0 = 1_800_000_000L * SECOND;

  /** Drives {@code n} requests at one instant from a fresh state; returns the TAT. */
  private static long burst(long tat, long now, long rpm, int n) {
    for (int i = 0; i < n; i++) {
      Gcra.Decision d = Gcra.request(tat, now, rpm);
      assertThat(d.admitted()).as("request %d", i + 1).isTrue();
      tat = d.newTat();
    }
    return tat;
  }

  @Test
  void aFullMinuteOfRequestsAtOnceThenOneEveryIntervalNeverMore() {
    long tat = burst(0, T0, 10, 10);

    Gcra.Decision eleventh = Gcra.request(tat, T0, 10);
    assertThat(eleventh.admitted()).isFalse();
    assertThat(eleventh.waitMicros()).isEqualTo(6 * SECOND);
    assertThat(Gcra.retryAfterSeconds(eleventh.waitMicros())).isEqualTo(6);

    // One microsecond early is still refused; at the instant named it is admitted.
    assertThat(Gcra.request(tat, T0 + 6 * SECOND - 1, 10).admitted()).isFalse();
    Gcra.Decision onTime = Gcra.request(tat, T0 + 6 * SECOND, 10);
    assertThat(onTime.admitted()).isTrue();
    assertThat(onTime.remaining()).isZero();
    assertThat(Gcra.request(onTime.newTat(), T0 + 6 * SECOND, 10).admitted()).isFalse();
  }

  @Test
  void noWindowBoundaryLetsTwiceTheLimitThrough() {
    // Fixed windows would admit 10 at 0:59.9 and 10 more at 1:00.0; here the second burst gets one.
    long tat = burst(0, T0 + 59_900_000, 10, 10);
    int admitted = 0;
    for (int i = 0; i < 10; i++) {
      Gcra.Decision d = Gcra.request(tat, T0 + 60 * SECOND, 10);
      if (d.admitted()) {
        admitted++;
        tat = d.newTat();
      }
    }
    assertThat(admitted).isZero();
  }

  @Test
  void remainingCountsDownAndResetIsTheTimeToFullAllowance() {
    Gcra.Decision first = Gcra.request(0, T0, 4);
    assertThat(first.remaining()).isEqualTo(3);
    assertThat(first.resetMicros()).isEqualTo(15 * SECOND);
    long tat = burst(first.newTat(), T0, 4, 3);
    Gcra.Decision refused = Gcra.request(tat, T0, 4);
    assertThat(refused.remaining()).isZero();
    assertThat(refused.resetMicros()).isEqualTo(60 * SECOND);
    assertThat(Gcra.retryAfterSeconds(refused.waitMicros())).isEqualTo(15);
  }

  @Test
  void retryAfterRoundsUpToWholeSecondsAndIsNeverZero() {
    assertThat(Gcra.retryAfterSeconds(1)).isEqualTo(1);
    assertThat(Gcra.retryAfterSeconds(SECOND)).isEqualTo(1);
    assertThat(Gcra.retryAfterSeconds(SECOND + 1)).isEqualTo(2);
    assertThat(Gcra.retryAfterSeconds(0)).isEqualTo(1);
    // rpm 7 does not divide a minute: the wait is still rounded up, not down.
    long tat = burst(0, T0, 7, 7);
    assertThat(Gcra.retryAfterSeconds(Gcra.request(tat, T0, 7).waitMicros())).isEqualTo(9);
  }

  @Test
  void tokensAdmitWhileAnyAllowanceIsLeftAndRefillAtTheRate() {
    assertThat(Gcra.tokens(0, T0, 1000).remaining()).isEqualTo(1000);
    long tat = Gcra.charge(0, T0, 999, 1000);
    Gcra.Decision oneLeft = Gcra.tokens(tat, T0, 1000);
    assertThat(oneLeft.admitted()).isTrue();
    assertThat(oneLeft.remaining()).isEqualTo(1);

    // The request admitted with one token left used 500: that is the documented overshoot.
    tat = Gcra.charge(tat, T0, 500, 1000);
    Gcra.Decision refused = Gcra.tokens(tat, T0, 1000);
    assertThat(refused.admitted()).isFalse();
    // 1499 tokens charged at 1000/min: 89.94 s of debt, 29.94 s beyond the window.
    assertThat(Gcra.retryAfterSeconds(refused.waitMicros())).isEqualTo(30);
    assertThat(Gcra.tokens(tat, T0 + 29 * SECOND, 1000).admitted()).isFalse();
    assertThat(Gcra.tokens(tat, T0 + 30 * SECOND, 1000).admitted()).isTrue();
  }

  @Test
  void anIdleMinuteRestoresTheFullAllowance() {
    long tat = burst(0, T0, 10, 10);
    assertThat(Gcra.request(tat, T0 + 60 * SECOND, 10).remaining()).isEqualTo(9);
    long tokens = Gcra.charge(0, T0, 5000, 1000);
    assertThat(Gcra.tokens(tokens, T0 + 300 * SECOND, 1000).remaining()).isEqualTo(1000);
  }
}

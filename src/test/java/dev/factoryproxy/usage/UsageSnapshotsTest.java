package dev.factoryproxy.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.error.ProxyError;
import dev.factoryproxy.keys.KeyLimits;
import dev.factoryproxy.keys.KeySpec;
import dev.factoryproxy.limits.LimitState;
import dev.factoryproxy.limits.Limiter;
import dev.factoryproxy.limits.TestClock;
import dev.factoryproxy.testing.Await;
import dev.factoryproxy.translate.model.Usage;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restart is a new Vert.x (fresh SharedData) reading the STATE_DIR the old one wrote. */
class UsageSnapshotsTest {

  private final TestClock clock = new TestClock(Instant.parse("2026-11-25T12:00:00Z"));
  private final KeySpec key = new KeySpec("alice", new byte[32], List.of(), new KeyLimits(null, null, null, 1000L),
      null, false);

  @TempDir
  Path state;

  @Test
  void dailyTokensAndTheDaysUsageSurviveARestart() throws Exception {
    Vertx first = Vertx.vertx();
    try {
      LimitState limits = LimitState.of(first.sharedData());
      UsageLedger ledger = new UsageLedger(first.sharedData(), clock);
      UsageSnapshots snapshots = Await.result(UsageSnapshots.start(first, ledger, limits, state, clock, 60_000));
      Limiter limiter = new Limiter(limits, clock);
      Usage used = new Usage(400L, 700L, null, null, null);
      Await.result(ledger.record("alice", "claude-x", used));
      Await.result(limiter.charge(key, 1100));
      assertThat(Await.result(limiter.admit(key)).refusal()).isEqualTo(ProxyError.RATE_LIMITED_TOKENS);
      Await.result(snapshots.stop());
    } finally {
      Await.result(first.close());
    }
    assertThat(Files.list(state)).extracting(p -> p.getFileName().toString()).containsExactly("usage.json");

    Vertx second = Vertx.vertx();
    try {
      LimitState limits = LimitState.of(second.sharedData());
      UsageLedger ledger = new UsageLedger(second.sharedData(), clock);
      Limiter limiter = new Limiter(limits, clock);
      assertThat(Await.result(limiter.admit(key)).admitted()).as("a fresh Vert.x knows nothing").isTrue();
      Await.result(UsageSnapshots.start(second, ledger, limits, state, clock, 60_000));

      assertThat(Await.result(limiter.admit(key)).refusal()).isEqualTo(ProxyError.RATE_LIMITED_TOKENS);
      List<UsageRow> rows = Await.result(ledger.rows(r -> true));
      assertThat(rows).singleElement().satisfies(r -> {
        assertThat(r.requests()).isEqualTo(1);
        assertThat(r.inputTokens()).isEqualTo(400);
        assertThat(r.outputTokens()).isEqualTo(700);
      });
    } finally {
      Await.result(second.close());
    }
  }
}

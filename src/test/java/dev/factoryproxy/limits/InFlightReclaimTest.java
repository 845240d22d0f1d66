package dev.factoryproxy.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.keys.KeyLimits;
import dev.factoryproxy.keys.KeySpec;
import dev.factoryproxy.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two limiters standing for two cluster members over one shared state: what a dead member held
 * is given back once, however many survivors reclaim it, and nothing of the others' is touched.
 */
@ExtendWith(VertxExtension.class)
class InFlightReclaimTest {

  private final TestClock clock = new TestClock(Instant.parse("2026-11-25T12:00:00Z"));
  private final KeySpec key = new KeySpec("conc", new byte[32], List.of(), new KeyLimits(null, null, 3L, null),
      null, false);

  @Test
  void aDeadMembersStreamsAreReleasedExactlyOnce(Vertx vertx) {
    LimitState state = LimitState.of(vertx.sharedData());
    Limiter dead = new Limiter(state, clock, "member-a");
    Limiter alive = new Limiter(state, clock, "member-b");
    assertThat(Await.result(dead.admit(key)).admitted()).isTrue();
    assertThat(Await.result(dead.admit(key)).admitted()).isTrue();
    assertThat(Await.result(alive.admit(key)).admitted()).isTrue();
    assertThat(Await.result(alive.admit(key)).admitted()).as("3 in flight: the limit").isFalse();

    InFlightReclaim reclaim = new InFlightReclaim(state);
    // Every survivor reacts to the same member-removed event.
    List<Long> released = Await.result(Future.all(reclaim.reclaim("member-a", List.of(key)),
        reclaim.reclaim("member-a", List.of(key)))).list();

    assertThat(released).containsExactlyInAnyOrder(2L, 0L);
    assertThat(Await.result(state.get(Limiter.inFlight(key)))).isEqualTo(1);
    assertThat(Await.result(alive.admit(key)).admitted()).isTrue();
    assertThat(Await.result(alive.admit(key)).admitted()).isTrue();
    assertThat(Await.result(alive.admit(key)).admitted()).isFalse();
  }

  @Test
  void aRefusedOrReleasedRequestLeavesNothingInTheMembersTally(Vertx vertx) {
    LimitState state = LimitState.of(vertx.sharedData());
    Limiter member = new Limiter(state, clock, "member-c");
    KeySpec one = new KeySpec("one", new byte[32], List.of(), new KeyLimits(null, null, 1L, null), null, false);
    assertThat(Await.result(member.admit(one)).admitted()).isTrue();
    assertThat(Await.result(member.admit(one)).admitted()).isFalse();
    Await.result(member.release(one));

    assertThat(Await.result(state.get(Limiter.heldBy("member-c", "one")))).isZero();
    assertThat(Await.result(new InFlightReclaim(state).reclaim("member-c", List.of(one)))).isZero();
  }

  @Test
  void onASingleNodeNoTallyIsKept(Vertx vertx) {
    LimitState state = LimitState.of(vertx.sharedData());
    Limiter single = new Limiter(state, clock);
    KeySpec solo = new KeySpec("solo", new byte[32], List.of(), new KeyLimits(null, null, 1L, null), null, false);
    assertThat(Await.result(single.admit(solo)).admitted()).isTrue();
    assertThat(Await.result(state.get(Limiter.inFlight(solo)))).isEqualTo(1);
    assertThat(Await.result(state.get(Limiter.heldBy("null", "solo")))).isZero();
  }
}

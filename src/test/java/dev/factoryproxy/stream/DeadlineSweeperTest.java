package dev.factoryproxy.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Await;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class DeadlineSweeperTest {

  @Test
  void sweepsUntilTheWatchedSaysDoneThenForgetsIt(Vertx vertx) {
    AtomicInteger sweeps = new AtomicInteger();
    Promise<Integer> done = Promise.promise();
    DeadlineSweeper[] sweeper = new DeadlineSweeper[1];
    vertx.runOnContext(v -> {
      sweeper[0] = DeadlineSweeper.start(vertx, 50);
      sweeper[0].watch(now -> {
        if (sweeps.incrementAndGet() == 3) {
          vertx.setTimer(50, id -> done.complete(sweeper[0].size()));
          return true;
        }
        return false;
      });
    });

    assertThat(Await.result(done.future())).isZero();
    assertThat(sweeps.get()).isEqualTo(3);
    vertx.runOnContext(v -> sweeper[0].stop());
  }

  @Test
  void aWatchedThatUnwatchesAnotherWhileBeingSweptBreaksNothing(Vertx vertx) {
    Promise<Integer> done = Promise.promise();
    vertx.runOnContext(v -> {
      DeadlineSweeper sweeper = DeadlineSweeper.start(vertx, 50);
      DeadlineSweeper.Watched second = now -> false;
      sweeper.watch(now -> {
        sweeper.unwatch(second);
        sweeper.watch(n -> true);
        return true;
      });
      sweeper.watch(second);
      vertx.setTimer(200, id -> {
        done.complete(sweeper.size());
        sweeper.stop();
      });
    });

    assertThat(Await.result(done.future())).isZero();
  }
}

package dev.factoryproxy.cluster;

import dev.factoryproxy.config.ClusterSettings;
import dev.factoryproxy.keys.KeyLimits;
import dev.factoryproxy.keys.KeySpec;
import dev.factoryproxy.limits.AdmitTimings;
import dev.factoryproxy.limits.LimitState;
import dev.factoryproxy.limits.Limiter;
import dev.factoryproxy.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What a limit check adds in a cluster: two Hazelcast members on loopback (configured as
 * {@code -cluster} configures them), the limiter asked on member A for keys whose counters
 * Hazelcast spreads over both members, so about half the calls cross to B. Not part of the
 * suite (the name matches no surefire pattern); run with {@code bench/limiter-cluster.sh}.
 */
class ClusterLimiterBench {

  @Test
  void printsTheLimitChecksLatencyInATwoMemberCluster() throws Exception {
    String name = "fp-bench-" + UUID.randomUUID();
    int[] ports = {freePort(), freePort()};
    List<String> members = List.of("127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1]);
    Vertx a = member(name, ports[0], members);
    Vertx b = member(name, ports[1], members);
    try {
      Await.condition("two members", Duration.ofSeconds(60),
          () -> ((VertxInternal) a).clusterManager().getNodes().size() == 2);
      Limiter limiter = new Limiter(LimitState.of(a.sharedData()), Clock.systemUTC(), ClusterView.nodeId(a));
      int keys = 16;
      int runs = Integer.getInteger("runs", 5000);
      long[] measured = AdmitTimings.measure(limiter, i -> key("bench-" + (i % keys)), runs);
      System.out.printf("ClusterLimiterBench: admit (concurrency+rpm+tpm+daily) on member A of 2 on loopback: "
          + "p50 %.3f ms, p99 %.3f ms, max %.3f ms, n=%d%n", measured[measured.length / 2] / 1e6,
          measured[measured.length * 99 / 100] / 1e6, measured[measured.length - 1] / 1e6, measured.length);
      // The floor: one counter read, a round trip to its owner about half the time.
      long[] reads = new long[runs / 2];
      for (int i = 0; i < reads.length; i++) {
        long start = System.nanoTime();
        Await.result(LimitState.of(a.sharedData()).get("fp.rpm.bench-" + (i % keys)));
        reads[i] = System.nanoTime() - start;
      }
      Arrays.sort(reads);
      System.out.printf("ClusterLimiterBench: one counter read on member A: p50 %.3f ms, p99 %.3f ms, n=%d%n",
          reads[reads.length / 2] / 1e6, reads[reads.length * 99 / 100] / 1e6, reads.length);
    } finally {
      Await.result(b.close(), Duration.ofSeconds(30));
      Await.result(a.close(), Duration.ofSeconds(30));
    }
  }

  private static KeySpec key(String name) {
    return new KeySpec(name, new byte[32], List.of(), new KeyLimits(1_000_000_000L, 1_000_000_000L, 1_000_000L,
        1_000_000_000_000L), null, false);
  }

  private static Vertx member(String name, int port, List<String> members) {
    ClusterSettings settings = new ClusterSettings(name, members, port, "127.0.0.1");
    return Await.result(Vertx.builder()
        .withClusterManager(new HazelcastClusterManager(HazelcastConfigs.of(settings)))
        .with(new VertxOptions().setEventBusOptions(new EventBusOptions().setHost("127.0.0.1")))
        .buildClustered(), Duration.ofSeconds(60));
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

package dev.factoryproxy.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import dev.factoryproxy.keys.KeyRegistry;
import dev.factoryproxy.limits.InFlightReclaim;
import dev.factoryproxy.limits.LimitState;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases the in-flight counts of a member that leaves the cluster (crashed, killed, cut off).
 * It listens to Hazelcast's membership directly: Vert.x's {@code ClusterManager.nodeListener}
 * has room for one listener, and Vert.x itself uses it.
 */
public final class MemberWatch {

  private static final Logger log = LoggerFactory.getLogger(MemberWatch.class);
  /** The member attribute vertx-hazelcast 5 stores each member's Vert.x node id in. */
  static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";

  private final HazelcastInstance hazelcast;
  private final UUID registration;

  private MemberWatch(HazelcastInstance hazelcast, UUID registration) {
    this.hazelcast = hazelcast;
    this.registration = registration;
  }

  /** Empty when not clustered, or clustered by another cluster manager than Hazelcast. */
  public static Optional<MemberWatch> start(Vertx vertx, KeyRegistry keys) {
    if (!vertx.isClustered()) {
      return Optional.empty();
    }
    ClusterManager manager = ((VertxInternal) vertx).clusterManager();
    if (!(manager instanceof HazelcastClusterManager hz) || hz.getHazelcastInstance() == null) {
      return Optional.empty();
    }
    Context context = vertx.getOrCreateContext();
    InFlightReclaim reclaim = new InFlightReclaim(LimitState.of(vertx.sharedData()));
    HazelcastInstance hazelcast = hz.getHazelcastInstance();
    UUID id = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        // nothing to do: a new member starts with no requests
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        String member = nodeId(event.getMember());
        if (member == null) {
          return;
        }
        // Hazelcast's event thread must not wait on Hazelcast: the work goes to a Vert.x context.
        context.runOnContext(v -> reclaim.reclaim(member, keys.current().keys())
            .onSuccess(n -> log.info("cluster: member {} left; {} of its requests in flight released", member, n))
            .onFailure(err -> log.warn("cluster: member {} left; its requests in flight not released: {}",
                member, err.getMessage())));
      }
    });
    return Optional.of(new MemberWatch(hazelcast, id));
  }

  /**
   * The Vert.x node id of a Hazelcast member, which is what the limiter tallies under: vertx-hazelcast
   * keeps it as a member attribute (it is not the member's UUID).
   */
  static String nodeId(Member member) {
    return member.getAttribute(NODE_ID_ATTRIBUTE);
  }

  public void stop() {
    try {
      hazelcast.getCluster().removeMembershipListener(registration);
    } catch (RuntimeException e) {
      // Hazelcast is already shutting down: nothing left to listen to
    }
  }
}

package dev.factoryproxy.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;

/**
 * What this node knows of its cluster, for {@code GET /}: whether it is clustered, its node
 * id and how many members it sees. The proxy keeps no per-request state in the cluster, so a
 * load balancer may send any request to any member.
 */
public final class ClusterView {

  private ClusterView() {
  }

  /** This member's node id, or {@code null} when not clustered. */
  public static String nodeId(Vertx vertx) {
    return vertx.isClustered() ? ((VertxInternal) vertx).clusterManager().getNodeId() : null;
  }

  public static JsonObject describe(Vertx vertx) {
    if (!vertx.isClustered()) {
      return new JsonObject().put("clustered", false);
    }
    // Vert.x exposes the member list only through its cluster manager SPI.
    ClusterManager manager = ((VertxInternal) vertx).clusterManager();
    return new JsonObject()
        .put("clustered", true)
        .put("node", manager.getNodeId())
        .put("members", manager.getNodes().size());
  }
}

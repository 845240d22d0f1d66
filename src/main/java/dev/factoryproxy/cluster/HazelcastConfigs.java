package dev.factoryproxy.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.NetworkConfig;
import dev.factoryproxy.config.ClusterSettings;

/**
 * The Hazelcast configuration built from the cluster settings, so a deployment needs no edited
 * file: TCP/IP join with the listed members (multicast is off: clouds and containers drop it),
 * bound to and announcing {@code CLUSTER_HOST} only, the first free port from {@code CLUSTER_PORT}.
 *
 * <p>Every map the proxy's state lives in keeps one synchronous backup on another member, so a
 * member that dies takes no counts with it: Vert.x's own ({@code __vertx.*}, among them
 * {@code __vertx.map.counter}, where vertx-hazelcast keeps every SharedData counter: the limiter's
 * in-flight counts, rate TATs and daily tokens) and the proxy's ({@code fp.*}: the usage ledger).
 */
public final class HazelcastConfigs {

  /** Ports tried from CLUSTER_PORT on, as the packaged cluster.xml does. */
  static final int PORT_COUNT = 20;
  static final int BACKUPS = 1;

  private HazelcastConfigs() {
  }

  public static Config of(ClusterSettings settings) {
    Config config = new Config().setClusterName(settings.name());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.shutdownhook.policy", "GRACEFUL");
    config.setProperty("hazelcast.graceful.shutdown.max.wait", "10");
    // Bind to CLUSTER_HOST only, not to every interface.
    config.setProperty("hazelcast.socket.bind.any", "false");
    network(config.getNetworkConfig(), settings);
    backups(config);
    return config;
  }

  private static void network(NetworkConfig network, ClusterSettings settings) {
    network.setPort(settings.port()).setPortAutoIncrement(true).setPortCount(PORT_COUNT);
    network.getInterfaces().setEnabled(true).addInterface(settings.host());
    JoinConfig join = network.getJoin();
    join.getAutoDetectionConfig().setEnabled(false);
    join.getMulticastConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(settings.members());
  }

  private static void backups(Config config) {
    config.addMultiMapConfig(new MultiMapConfig("__vertx.subs").setBackupCount(BACKUPS)
        .setValueCollectionType(MultiMapConfig.ValueCollectionType.SET));
    config.addMapConfig(new MapConfig("__vertx.*").setBackupCount(BACKUPS));
    config.addMapConfig(new MapConfig("fp.*").setBackupCount(BACKUPS));
  }
}

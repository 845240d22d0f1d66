package dev.factoryproxy.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.config.NetworkConfig;
import dev.factoryproxy.config.ClusterSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class HazelcastConfigsTest {

  private final Config config = HazelcastConfigs.of(new ClusterSettings("team-a",
      List.of("10.0.0.11:5801", "10.0.0.12"), 5801, "10.0.0.11"));

  @Test
  void joinsOverTcpIpWithTheListedMembersOnly() {
    NetworkConfig network = config.getNetworkConfig();
    assertThat(config.getClusterName()).isEqualTo("team-a");
    assertThat(network.getJoin().getMulticastConfig().isEnabled()).isFalse();
    assertThat(network.getJoin().getAutoDetectionConfig().isEnabled()).isFalse();
    assertThat(network.getJoin().getTcpIpConfig().isEnabled()).isTrue();
    assertThat(network.getJoin().getTcpIpConfig().getMembers()).containsExactly("10.0.0.11:5801", "10.0.0.12");
  }

  @Test
  void bindsToAndAnnouncesTheClusterHostFromTheClusterPortOn() {
    NetworkConfig network = config.getNetworkConfig();
    assertThat(network.getPort()).isEqualTo(5801);
    assertThat(network.isPortAutoIncrement()).isTrue();
    assertThat(network.getInterfaces().isEnabled()).isTrue();
    assertThat(network.getInterfaces().getInterfaces()).containsExactly("10.0.0.11");
    assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
  }

  @Test
  void everyStateMapKeepsABackup() {
    // Hazelcast matches these names against the wildcard configs, as it will at run time.
    for (String map : List.of("__vertx.map.counter", "__vertx.haInfo", "__vertx.nodeInfo", "fp.usage.rows")) {
      assertThat(config.getMapConfig(map).getBackupCount()).as(map).isGreaterThanOrEqualTo(1);
    }
    assertThat(config.getMultiMapConfig("__vertx.subs").getBackupCount()).isGreaterThanOrEqualTo(1);
  }
}

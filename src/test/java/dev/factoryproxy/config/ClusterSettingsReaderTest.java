package dev.factoryproxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterSettingsReaderTest {

  @TempDir
  Path dir;

  @Test
  void defaultsAreLoopbackTheFixedNameAndPort5701() {
    ClusterSettings settings = ClusterSettingsReader.read(new JsonObject(), null);
    assertThat(settings).isEqualTo(new ClusterSettings("factory-proxy", List.of("127.0.0.1"), 5701, "127.0.0.1"));
  }

  @Test
  void readsEverySetting() {
    ClusterSettings settings = ClusterSettingsReader.read(new JsonObject()
        .put("CLUSTER_NAME", "team-a").put("CLUSTER_MEMBERS", "10.0.0.11, 10.0.0.12:5702,proxy-3.internal")
        .put("CLUSTER_PORT", "5801").put("CLUSTER_HOST", "10.0.0.11"), null);
    assertThat(settings).isEqualTo(new ClusterSettings("team-a",
        List.of("10.0.0.11", "10.0.0.12:5702", "proxy-3.internal"), 5801, "10.0.0.11"));
  }

  @Test
  void theClusterHostFlagWinsOverTheSetting() {
    assertThat(ClusterSettingsReader.read(new JsonObject().put("CLUSTER_HOST", "10.0.0.11"), "10.0.0.99").host())
        .isEqualTo("10.0.0.99");
  }

  @Test
  void eachMistakeIsOneLineNamingTheSetting() {
    assertThatThrownBy(() -> ClusterSettingsReader.read(new JsonObject().put("CLUSTER_PORT", "70000"), null))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("CLUSTER_PORT must be").hasMessageContaining("70000");
    assertThatThrownBy(() -> ClusterSettingsReader.read(new JsonObject().put("CLUSTER_HOST", "0.0.0.0"), null))
        .hasMessageStartingWith("CLUSTER_HOST must be");
    assertThatThrownBy(() -> ClusterSettingsReader.read(new JsonObject().put("CLUSTER_HOST", "300.1.1.1"), null))
        .hasMessageStartingWith("CLUSTER_HOST must be");
    assertThatThrownBy(() -> ClusterSettingsReader.read(new JsonObject().put("CLUSTER_MEMBERS", "a:b"), null))
        .hasMessageStartingWith("CLUSTER_MEMBERS must be");
    assertThatThrownBy(() -> ClusterSettingsReader.read(new JsonObject().put("CLUSTER_NAME", "has space"), null))
        .hasMessageStartingWith("CLUSTER_NAME must be");
    assertThatThrownBy(() -> ClusterSettingsReader.read(new JsonObject().put("CLUSTER_MEMBERS", " , "), null))
        .hasMessageStartingWith("CLUSTER_MEMBERS must be").hasMessageNotContaining("\n");
  }

  @Test
  void earlySettingsTakeConfigJsonThenDotenvThenEnvironmentThenConf() throws Exception {
    Files.createDirectories(dir.resolve("conf"));
    Files.writeString(dir.resolve("conf/config.json"),
        "{\"CLUSTER_NAME\":\"from-json\",\"CLUSTER_PORT\":5900,\"CLUSTER_HOST\":\"10.0.0.1\",\"CLUSTER_MEMBERS\":\"j\"}");
    Files.writeString(dir.resolve(".env"), "CLUSTER_PORT=5901\nCLUSTER_HOST=10.0.0.2\nCLUSTER_MEMBERS=d\n"
        + "FACTORY_AI_TOKEN=not-taken\n");
    JsonObject merged = EarlySettings.read(dir, Map.of("CLUSTER_HOST", "10.0.0.3", "CLUSTER_MEMBERS", "e"),
        new JsonObject().put("CLUSTER_MEMBERS", "c"), List.of(Setting.CLUSTER_NAME, Setting.CLUSTER_MEMBERS,
            Setting.CLUSTER_PORT, Setting.CLUSTER_HOST));
    assertThat(merged).isEqualTo(new JsonObject().put("CLUSTER_NAME", "from-json").put("CLUSTER_PORT", "5901")
        .put("CLUSTER_HOST", "10.0.0.3").put("CLUSTER_MEMBERS", "c"));
  }
}

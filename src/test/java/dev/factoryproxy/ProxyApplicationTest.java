package dev.factoryproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyApplicationTest {

  @Test
  void recognisesEveryFormOfTheInstancesFlagTheLauncherAccepts() {
    assertThat(ProxyApplication.hasInstancesFlag(new String[] {"-instances", "1"})).isTrue();
    assertThat(ProxyApplication.hasInstancesFlag(new String[] {"--instances", "4"})).isTrue();
    assertThat(ProxyApplication.hasInstancesFlag(new String[] {"-cluster", "-instances=2"})).isTrue();
    assertThat(ProxyApplication.hasInstancesFlag(new String[] {"--INSTANCES=2"})).isTrue();
  }

  @Test
  void noFlagMeansTheSettingDecides() {
    assertThat(ProxyApplication.hasInstancesFlag(new String[] {})).isFalse();
    assertThat(ProxyApplication.hasInstancesFlag(new String[] {"-conf", "{\"INSTANCES\":1}", "-cluster"})).isFalse();
  }

  @Test
  void confNamingAFileIsThatFileAndJsonTextIsNone(@TempDir Path dir) throws Exception {
    Path conf = Files.writeString(dir.resolve("settings.json"), "{}");

    assertThat(ProxyApplication.confFile(new String[] {"-conf", conf.toString()})).contains(conf);
    assertThat(ProxyApplication.confFile(new String[] {"-cluster", "--conf=" + conf})).contains(conf);
    assertThat(ProxyApplication.confFile(new String[] {"-conf", "{\"PORT\":1}"})).isEmpty();
    assertThat(ProxyApplication.confFile(new String[] {"-conf", dir.resolve("missing.json").toString()})).isEmpty();
    assertThat(ProxyApplication.confFile(new String[] {})).isEmpty();
  }

  @Test
  void prefersTheNativeTransportAndNoTcclUnlessTheOptionsSayOtherwise() {
    assertThat(ProxyApplication.withProxyDefaults(null))
        .isEqualTo(new JsonObject().put("preferNativeTransport", true).put("disableTCCL", true));
    assertThat(ProxyApplication.withProxyDefaults(new JsonObject().put("eventLoopPoolSize", 2)))
        .isEqualTo(new JsonObject().put("eventLoopPoolSize", 2).put("preferNativeTransport", true)
            .put("disableTCCL", true));
    JsonObject chosen = ProxyApplication.withProxyDefaults(
        new JsonObject().put("preferNativeTransport", false).put("disableTCCL", false));
    assertThat(chosen.getBoolean("preferNativeTransport")).isFalse();
    assertThat(chosen.getBoolean("disableTCCL")).isFalse();
  }
}

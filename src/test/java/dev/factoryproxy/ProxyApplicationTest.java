package dev.factoryproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

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

package dev.factoryproxy;

import static org.assertj.core.api.Assertions.assertThat;

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
}

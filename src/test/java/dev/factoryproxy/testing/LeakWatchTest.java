package dev.factoryproxy.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checker checked: test classes that leak on purpose are run through JUnit's own engine
 * (EngineTestKit), with the same extension auto-detection as the build, and must fail. They are
 * static nested classes, which neither surefire nor failsafe runs by themselves.
 */
class LeakWatchTest {

  @Test
  void nettyLeakDetectionIsParanoidForTheWholeRun() {
    assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
  }

  @Test
  void everyLoggedFormOfTheCanaryFailsTheTestThatLoggedIt() {
    EngineExecutionResults results = run(LogsTheCanary.class);

    results.testEvents().assertStatistics(stats -> stats.started(5).succeeded(1).failed(4));
    List<String> failures = results.testEvents().failed().stream().map(LeakWatchTest::failure).toList();
    assertThat(failures).hasSize(4).allSatisfy(message -> assertThat(message)
        .contains("the canary token").contains("was logged by " + LogsTheCanary.class.getName())
        // The report names the leak; it must not repeat the secret it found.
        .doesNotContain(Canary.TOKEN + " "));
    assertThat(results.testEvents().succeeded().stream().map(e -> e.getTestDescriptor().getDisplayName()))
        .containsExactly("logsNoSecret()");
  }

  @Test
  void aLeakedNettyBufferFailsTheTestClassThatLeakedIt() {
    EngineExecutionResults results = run(LeaksABuffer.class);

    results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
    List<Event> failedClasses = results.containerEvents().failed().stream()
        .filter(e -> e.getTestDescriptor().getLegacyReportingName().endsWith(LeaksABuffer.class.getSimpleName()))
        .toList();
    assertThat(failedClasses).hasSize(1);
    assertThat(failure(failedClasses.get(0))).contains("Netty reported a resource leak").contains("LEAK:");
  }

  @Test
  void base64AndUrlEncodedFormsAreFoundWhateverSurroundsThem() {
    for (String prefix : List.of("", "Bearer ", "x:", "ab")) {
      String wrapped = prefix + Canary.TOKEN + "\"}";
      assertThat(Canary.find(Base64.getEncoder().encodeToString(wrapped.getBytes(StandardCharsets.UTF_8))))
          .as("Base64 of " + prefix + "<canary>").isPresent();
      assertThat(Canary.find(Base64.getUrlEncoder().encodeToString(wrapped.getBytes(StandardCharsets.UTF_8))))
          .as("URL-safe Base64 of " + prefix + "<canary>").isPresent();
    }
    assertThat(Canary.find("q=" + URLEncoder.encode(Canary.TOKEN, StandardCharsets.UTF_8))).isPresent();
    assertThat(Canary.find("fct-CANARY-9Qz7 and other text")).isEmpty();
  }

  private static EngineExecutionResults run(Class<?> testClass) {
    return EngineTestKit.engine("junit-jupiter")
        .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
        .selectors(selectClass(testClass))
        .execute();
  }

  private static String failure(Event event) {
    return event.getPayload(org.junit.platform.engine.TestExecutionResult.class)
        .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
        .map(Throwable::getMessage)
        .orElse("");
  }

  /** Run only through {@link #run}: each test but one logs the canary in some form. */
  static class LogsTheCanary {

    private static final Logger log = LoggerFactory.getLogger(LogsTheCanary.class);

    @Test
    void logsTheToken() {
      log.info("upstream said no to Bearer {}", Canary.TOKEN);
    }

    @Test
    void logsItBase64Encoded() {
      log.info("basic auth: {}", Base64.getEncoder().encodeToString(("user:" + Canary.TOKEN).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void logsItUrlEncoded() {
      log.info("GET /?key={}", URLEncoder.encode(Canary.TOKEN, StandardCharsets.UTF_8));
    }

    @Test
    void logsItInAnExceptionOnly() {
      log.info("request failed", new IllegalStateException("bad credential " + Canary.TOKEN));
    }

    @Test
    void logsNoSecret() {
      log.info("forwarding to the upstream with a redacted token");
    }
  }

  /** Run only through {@link #run}: drops a tracked buffer without releasing it. */
  static class LeaksABuffer {

    @Test
    void allocatesAndForgetsABuffer() {
      leak();
    }

    private static void leak() {
      ByteBuf forgotten = PooledByteBufAllocator.DEFAULT.directBuffer(64);
      forgotten.writeLong(42);
    }
  }
}

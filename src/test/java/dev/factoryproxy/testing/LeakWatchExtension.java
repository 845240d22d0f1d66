package dev.factoryproxy.testing;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test class of the build (JUnit's extension auto-detection:
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension} and
 * {@code junit-platform.properties}). Fails the test during which the {@link Canary} token was
 * logged in any form, and the test class after which Netty's leak detector, made to look at
 * once ({@link NettyLeaks#forceDetection()}), reported a leaked buffer. What is found between
 * classes fails the next class, so nothing found is ever dropped.
 */
public final class LeakWatchExtension implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

  @Override
  public void beforeAll(ExtensionContext context) {
    fail(LeakWatch.installed().drain(), "before " + context.getDisplayName()
        + " started (left behind by background work of an earlier test class)");
  }

  @Override
  public void afterEach(ExtensionContext context) {
    fail(LeakWatch.installed().drain(), "during " + context.getDisplayName());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    NettyLeaks.forceDetection();
    fail(LeakWatch.installed().drain(), "after the tests of " + context.getDisplayName());
  }

  private static void fail(List<String> findings, String when) {
    if (!findings.isEmpty()) {
      throw new AssertionError(findings.size() + " leak(s) " + when + ":\n- " + String.join("\n- ", findings));
    }
  }
}

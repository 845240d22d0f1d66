package dev.factoryproxy.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.LoggerFactory;

/**
 * The logback appender ({@code LEAK_WATCH} in {@code logback-test.xml}, on the root logger) that
 * sees every log event of the test JVM and keeps the two kinds no test may cause: a line holding
 * the {@link Canary} token in any form, and a report from Netty's resource leak detector.
 * {@link LeakWatchExtension} drains it around every test. Other events are not kept.
 */
public final class LeakWatch extends AppenderBase<ILoggingEvent> {

  public static final String NAME = "LEAK_WATCH";
  static final String NETTY_LEAK_LOGGER = "io.netty.util.ResourceLeakDetector";

  private final ConcurrentLinkedQueue<String> findings = new ConcurrentLinkedQueue<>();

  /** The appender logback-test.xml installed; fails when the test configuration lacks it. */
  public static LeakWatch installed() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    if (!(root.getAppender(NAME) instanceof LeakWatch watch)) {
      throw new IllegalStateException("logback-test.xml must attach the " + NAME + " appender to the root logger");
    }
    return watch;
  }

  @Override
  protected void append(ILoggingEvent event) {
    String text = render(event);
    Canary.find(text).ifPresent(form -> findings.add("the canary token (as '" + form + "') was logged by "
        + event.getLoggerName() + " at " + event.getLevel() + " on thread " + event.getThreadName()));
    if (event.getLoggerName().startsWith(NETTY_LEAK_LOGGER) && event.getLevel().isGreaterOrEqual(Level.WARN)) {
      findings.add("Netty reported a resource leak: " + firstLines(event.getFormattedMessage(), 12));
    }
  }

  /** A leak found outside the log (a test client saw the canary): fails the current test like a logged one. */
  public void report(String finding) {
    findings.add(finding);
  }

  /** Everything found since the last drain, emptied. */
  public List<String> drain() {
    List<String> drained = new ArrayList<>();
    for (String finding = findings.poll(); finding != null; finding = findings.poll()) {
      drained.add(finding);
    }
    return drained;
  }

  /** Everything a log line carries that a reader of the log would see. */
  private static String render(ILoggingEvent event) {
    StringBuilder text = new StringBuilder(String.valueOf(event.getFormattedMessage()));
    if (event.getThrowableProxy() != null) {
      text.append('\n').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
    }
    Map<String, String> mdc = event.getMDCPropertyMap();
    if (mdc != null && !mdc.isEmpty()) {
      text.append('\n').append(mdc);
    }
    if (event.getKeyValuePairs() != null) {
      text.append('\n').append(event.getKeyValuePairs());
    }
    return text.toString();
  }

  private static String firstLines(String text, int lines) {
    String[] all = String.valueOf(text).split("\n", lines + 1);
    return String.join("\n", List.of(all).subList(0, Math.min(lines, all.length)));
  }
}

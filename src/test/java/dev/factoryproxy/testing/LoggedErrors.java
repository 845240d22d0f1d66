package dev.factoryproxy.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Everything logged at WARN or above during each test, through a real appender on the root
 * logger; {@link #lines()} reads it. For faults that are routine for a proxy (a peer resetting
 * its connection) and so must not page anyone with a context-free error line.
 */
public final class LoggedErrors implements BeforeEachCallback, AfterEachCallback {

  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  @Override
  public void beforeEach(ExtensionContext context) {
    appender.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
    synchronized (appender) {
      appender.list.clear();
    }
    appender.start();
    root().addAppender(appender);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    root().detachAppender(appender);
    appender.stop();
  }

  /** The WARN and ERROR lines logged so far in this test, as "LEVEL logger - message". */
  public List<String> lines() {
    // AppenderBase.doAppend holds the appender's lock while it adds to the list.
    synchronized (appender) {
      return appender.list.stream()
          .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
          .map(e -> e.getLevel() + " " + e.getLoggerName() + " - " + e.getFormattedMessage())
          .toList();
    }
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }
}

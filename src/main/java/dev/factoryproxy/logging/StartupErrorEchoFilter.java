package dev.factoryproxy.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import dev.factoryproxy.StartupException;

/**
 * Drops the launcher's echo of a {@link StartupException}. {@code MainVerticle} has already
 * logged its one-line message; Vert.x's launchers would log it again with their own prefix.
 */
public final class StartupErrorEchoFilter extends Filter<ILoggingEvent> {

  @Override
  public FilterReply decide(ILoggingEvent event) {
    for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
      if (isStartupException(t.getClassName())) {
        return FilterReply.DENY;
      }
    }
    return FilterReply.NEUTRAL;
  }

  private static boolean isStartupException(String className) {
    try {
      return StartupException.class.isAssignableFrom(Class.forName(className, false, StartupException.class.getClassLoader()));
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}

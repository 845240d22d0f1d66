package dev.factoryproxy.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import dev.factoryproxy.config.ConfigException;
import java.net.URL;
import java.util.Locale;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * {@code LOG_FORMAT}: {@code text} (the default, {@code logback.xml}) or {@code json}
 * ({@code logback-json.xml}, one JSON object per line). Logback configures itself before
 * {@code main} runs (Vert.x's launcher has a static logger), so JSON is a reconfiguration, made
 * before anything is logged. A {@code -Dlogback.configurationFile} of the operator's wins.
 */
public final class LogFormat {

  static final String JSON_CONFIG = "/logback-json.xml";

  private LogFormat() {
  }

  /** @param format the setting's value, or {@code null} when unset */
  public static void apply(String format) {
    String value = format == null ? "text" : format.trim().toLowerCase(Locale.ROOT);
    if (value.isEmpty() || value.equals("text")) {
      return;
    }
    if (!value.equals("json")) {
      throw new ConfigException("LOG_FORMAT must be text or json, not '" + format.trim() + "'");
    }
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (System.getProperty("logback.configurationFile") != null || !(factory instanceof LoggerContext logback)) {
      return;
    }
    URL config = LogFormat.class.getResource(JSON_CONFIG);
    logback.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(logback);
    try {
      configurator.doConfigure(config);
    } catch (JoranException e) {
      throw new IllegalStateException(JSON_CONFIG + " is broken", e);
    }
  }
}

package dev.factoryproxy.config;

import dev.factoryproxy.StartupException;

/** A setting is missing or invalid; the message names the setting and where to put it. */
public final class ConfigException extends StartupException {

  public ConfigException(String message) {
    super(message);
  }
}

package dev.factoryproxy.tokens;

import dev.factoryproxy.config.Secret;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One configured upstream token: where its value comes from, and how much traffic it takes.
 * Exactly one of {@code token}, {@code file} and {@code command} is set, as {@link #kind()} says.
 *
 * @param name what logs, {@code /health} and the access log call it; never the value
 * @param token the value itself, for a static token
 * @param file a file holding the value (trimmed, or its {@code access_token} when it is JSON)
 * @param command a shell command whose trimmed stdout is the value
 * @param weight the share of traffic, relative to the other tokens' weights (at least 1)
 * @param ttl for a command whose value is not a JWT: how long a value is used before the command is re-run
 */
public record TokenSpec(String name, Secret token, Path file, String command, int weight, Duration ttl) {

  /** The default {@code ttl} of a command token whose value carries no expiry. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(30);

  public enum Kind { STATIC, FILE, COMMAND }

  public static TokenSpec ofStatic(String name, Secret token, int weight) {
    return new TokenSpec(name, token, null, null, weight, DEFAULT_TTL);
  }

  public Kind kind() {
    return token != null ? Kind.STATIC : file != null ? Kind.FILE : Kind.COMMAND;
  }

  /** A file or command token can be fetched again; a static one is what it is. */
  public boolean refreshable() {
    return kind() != Kind.STATIC;
  }
}

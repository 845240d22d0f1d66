package dev.factoryproxy.tokens;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A token printed by a command (Claude Code's {@code apiKeyHelper}, AWS's {@code credential_process}):
 * run by {@code /bin/sh -c} on a worker thread, with a timeout; its stdout, trimmed, is the value.
 * It is run again before the value expires: a minute before a JWT's {@code exp} (or halfway there
 * when that is sooner), else after the entry's {@code ttl}.
 */
final class CommandTokenSource implements TokenSource {

  static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final long EXPIRY_MARGIN_MILLIS = 60_000;
  /** A token fits in a pipe's buffer, so the command is waited for before its output is read. */
  private static final int MAX_OUTPUT = 64 << 10;

  private final Vertx vertx;
  private final String command;
  private final Duration ttl;
  private final Clock clock;

  CommandTokenSource(Vertx vertx, String command, Duration ttl, Clock clock) {
    this.vertx = vertx;
    this.command = command;
    this.ttl = ttl;
    this.clock = clock;
  }

  @Override
  public Future<Fetched> fetch() {
    return vertx.executeBlocking(this::run, false);
  }

  @Override
  public boolean refreshable() {
    return true;
  }

  @Override
  public boolean shared() {
    return true;
  }

  private Fetched run() {
    Process process;
    try {
      process = new ProcessBuilder(List.of("/bin/sh", "-c", command))
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          // Its stderr is not ours to print: a helper may echo what it fetched.
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      throw new TokenSourceException("the command cannot be started (" + e.getClass().getSimpleName() + ")");
    }
    try {
      if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new TokenSourceException("the command did not finish within " + TIMEOUT.toSeconds() + " s");
      }
      if (process.exitValue() != 0) {
        throw new TokenSourceException("the command exited with status " + process.exitValue());
      }
      String value;
      try (InputStream out = process.getInputStream()) {
        value = new String(out.readNBytes(MAX_OUTPUT), StandardCharsets.UTF_8);
      }
      Fetched fetched = new Fetched(TokenValues.check(value, "the command"), 0);
      return new Fetched(fetched.value(), refreshAt(fetched.value().value()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new TokenSourceException("the command was interrupted");
    } catch (IOException e) {
      throw new TokenSourceException("the command's output cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  private long refreshAt(String value) {
    long now = clock.millis();
    long exp = Jwt.expiryMillis(value);
    if (exp < 0) {
      return now + ttl.toMillis();
    }
    long left = exp - now;
    return now + Math.max(0, Math.min(left - EXPIRY_MARGIN_MILLIS, left / 2));
  }
}

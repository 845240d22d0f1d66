package dev.factoryproxy.keys;

import dev.factoryproxy.config.AccessSettings;
import dev.factoryproxy.config.ClientKeys;
import dev.factoryproxy.config.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key ring in force, kept current with the key file. The file is read through Vert.x's
 * file system (off the event loop) every poll period and parsed only when its bytes changed, so
 * an edit within the same mtime second is not missed. A broken edit keeps the last good ring and
 * logs one ERROR line per broken version; a request in flight keeps the spec it was admitted with.
 */
public final class KeyRegistry {

  public static final long DEFAULT_POLL_MILLIS = 2000;
  private static final Logger log = LoggerFactory.getLogger(KeyRegistry.class);

  private final Vertx vertx;
  private final Path file;
  private final ClientKeys envKeys;
  private final AtomicReference<KeyRing> ring;
  private volatile Buffer lastSeen;
  private long timer = -1;

  private KeyRegistry(Vertx vertx, Path file, ClientKeys envKeys, KeyRing ring, Buffer seen) {
    this.vertx = vertx;
    this.file = file;
    this.envKeys = envKeys;
    this.ring = new AtomicReference<>(ring);
    this.lastSeen = seen;
  }

  /** A registry that never changes: for tests and for a proxy without a key file. */
  public static KeyRegistry fixed(KeyRing ring) {
    return new KeyRegistry(null, null, ClientKeys.none(), ring, null);
  }

  /**
   * Reads the file once; fails with a one-line {@link ConfigException} when it is broken, or
   * missing although {@code KEYS_FILE} named it. Then watches it.
   */
  public static Future<KeyRegistry> start(Vertx vertx, AccessSettings access, ClientKeys envKeys, long pollMillis) {
    Path file = access.keysFile();
    if (file == null) {
      return Future.succeededFuture(fixed(KeyRing.of(List.of(), envKeys, false)));
    }
    String path = file.toString();
    return vertx.fileSystem().exists(path).compose(exists -> {
      if (!exists) {
        if (access.keysFileExplicit()) {
          return Future.failedFuture(new ConfigException("KEYS_FILE " + path + " does not exist"));
        }
        return Future.succeededFuture(fixed(KeyRing.of(List.of(), envKeys, false)));
      }
      return vertx.fileSystem().readFile(path).map(bytes -> {
        KeyRing first = KeyRing.of(KeyFile.parse(bytes.toString(), path), envKeys, true);
        KeyRegistry registry = new KeyRegistry(vertx, file, envKeys, first, bytes);
        registry.watch(pollMillis);
        return registry;
      });
    });
  }

  public KeyRing current() {
    return ring.get();
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  private void watch(long pollMillis) {
    timer = vertx.setPeriodic(pollMillis, id -> vertx.fileSystem().readFile(file.toString())
        .onSuccess(this::changed)
        .onFailure(err -> broken(null, "cannot be read (" + err.getMessage() + ")")));
  }

  private void changed(Buffer bytes) {
    if (bytes.equals(lastSeen)) {
      return;
    }
    try {
      KeyRing next = KeyRing.of(KeyFile.parse(bytes.toString(), file.toString()), envKeys, true);
      lastSeen = bytes;
      ring.set(next);
      log.info("KEYS_FILE {} reloaded: {} keys", file, next.keys().size());
    } catch (ConfigException e) {
      broken(bytes, e.getMessage());
    }
  }

  /** One line per broken version: the same broken bytes polled again say nothing more. */
  private void broken(Buffer bytes, String why) {
    Buffer marker = bytes == null ? Buffer.buffer() : bytes;
    if (marker.equals(lastSeen)) {
      return;
    }
    lastSeen = marker;
    log.error("{}; keeping the last good keys", why.startsWith("KEYS_FILE") ? why : "KEYS_FILE " + file + " " + why);
  }
}

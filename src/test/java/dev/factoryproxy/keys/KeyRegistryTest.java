package dev.factoryproxy.keys;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.factoryproxy.config.AccessSettings;
import dev.factoryproxy.config.ClientKeys;
import dev.factoryproxy.config.ConfigException;
import dev.factoryproxy.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Hot reload of KEYS_FILE, polled every 20 ms here. */
@ExtendWith(VertxExtension.class)
class KeyRegistryTest {

  @TempDir
  Path dir;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private KeyRegistry registry;

  @BeforeEach
  void listen() {
    logs.start();
    ((Logger) LoggerFactory.getLogger(KeyRegistry.class)).addAppender(logs);
  }

  @AfterEach
  void stop() {
    ((Logger) LoggerFactory.getLogger(KeyRegistry.class)).detachAppender(logs);
  }

  private void write(Path file, String text) throws Exception {
    Path tmp = Files.createTempFile(dir, "keys", ".tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private KeyRegistry start(Vertx vertx, Path file) {
    registry = Await.result(KeyRegistry.start(vertx, new AccessSettings(file, true, null, dir, true), ClientKeys.none(), 20));
    return registry;
  }

  @Test
  void addDisableAndChangeALimitTakeEffectWithoutARestart(Vertx vertx) throws Exception {
    Path file = dir.resolve("keys.json");
    write(file, "{\"keys\": [{\"name\": \"alice\", \"key\": \"ka\", \"rpm\": 5}]}");
    KeyRegistry keys = start(vertx, file);
    KeySpec admitted = keys.current().find("ka").orElseThrow();
    assertThat(keys.current().find("kb")).isEmpty();

    write(file, "{\"keys\": [{\"name\": \"alice\", \"key\": \"ka\", \"rpm\": 5}, {\"name\": \"bob\", \"key\": \"kb\"}]}");
    Await.condition("bob added", Duration.ofSeconds(5), () -> keys.current().find("kb").isPresent());

    write(file, "{\"keys\": [{\"name\": \"alice\", \"key\": \"ka\", \"rpm\": 9}, "
        + "{\"name\": \"bob\", \"key\": \"kb\", \"disabled\": true}]}");
    Await.condition("alice's rpm changed", Duration.ofSeconds(5),
        () -> keys.current().find("ka").orElseThrow().limits().rpm() == 9);
    assertThat(keys.current().find("kb").orElseThrow().usableAt(java.time.Instant.now())).isFalse();
    // A request admitted before the reload keeps the spec it was admitted with.
    assertThat(admitted.limits().rpm()).isEqualTo(5);
    registry.stop();
  }

  @Test
  void aBrokenEditKeepsTheLastGoodKeysAndLogsOneErrorLine(Vertx vertx) throws Exception {
    Path file = dir.resolve("keys.json");
    write(file, "{\"keys\": [{\"name\": \"alice\", \"key\": \"ka\"}]}");
    KeyRegistry keys = start(vertx, file);

    write(file, "{\"keys\": [{\"name\": \"alice\", \"key\": \"ka\"},");
    Await.condition("an ERROR line", Duration.ofSeconds(5),
        () -> logs.list.stream().anyMatch(e -> e.getLevel() == Level.ERROR));
    write(file, "{\"keys\": [{\"name\": \"alice\", \"key\": \"ka\"}, {\"name\": \"carol\", \"key\": \"kc\"}]}");
    Await.condition("carol added", Duration.ofSeconds(5), () -> keys.current().find("kc").isPresent());

    assertThat(logs.list).filteredOn(e -> e.getLevel() == Level.ERROR).hasSize(1)
        .allSatisfy(e -> assertThat(e.getFormattedMessage()).contains("keeping the last good keys").doesNotContain("\n"));
    registry.stop();
  }

  @Test
  void aBrokenFileAtStartFailsWithOneLine(Vertx vertx) throws Exception {
    Path file = dir.resolve("keys.json");
    write(file, "{\"keys\": [{\"name\": \"alice\"}]}");
    Throwable failure = Await.failure(KeyRegistry.start(vertx, new AccessSettings(file, true, null, dir, true),
        ClientKeys.none(), 20));
    assertThat(failure).isInstanceOf(ConfigException.class);
    assertThat(failure.getMessage()).contains("alice").contains("key_sha256").doesNotContain("\n");

    Throwable missing = Await.failure(KeyRegistry.start(vertx,
        new AccessSettings(dir.resolve("none.json"), true, null, dir, true), ClientKeys.none(), 20));
    assertThat(missing).isInstanceOf(ConfigException.class).hasMessageContaining("does not exist");
  }
}

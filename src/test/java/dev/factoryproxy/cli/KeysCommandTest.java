package dev.factoryproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.keys.KeyDigests;
import dev.factoryproxy.testing.Await;
import dev.factoryproxy.testing.ProxyHarness;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class KeysCommandTest {

  @TempDir
  Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int keys(String... args) {
    out.reset();
    err.reset();
    return new KeysCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
        StandardCharsets.UTF_8)).run(List.of(args), Map.of("KEYS_FILE", dir.resolve("keys.json").toString()));
  }

  private static int status(ProxyHarness proxy, String key) {
    return Await.result(proxy.client().request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/messages")
            .addHeader("x-api-key", key))
        .compose(req -> req.send(Buffer.buffer("{\"model\":\"claude-x\"}")).map(resp -> resp.statusCode())));
  }

  @Test
  void addPrintsAKeyOnceStoresOnlyItsHashAndTheProxyAcceptsIt(Vertx vertx) throws Exception {
    assertThat(keys("add", "alice", "--rpm", "60", "--models", "claude-*,gpt-5*", "--expires", "2099-01-31")).isZero();
    String key = out.toString(StandardCharsets.UTF_8).trim();
    assertThat(key).matches("fp-[A-Za-z0-9_-]{32}");
    String file = Files.readString(dir.resolve("keys.json"));
    assertThat(file).doesNotContain(key).contains(KeyDigests.hex(key)).contains("\"rpm\" : 60");

    assertThat(keys("list")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("alice rpm=60").contains("models=claude-*,gpt-5*")
        .doesNotContain(key).doesNotContain(KeyDigests.hex(key));
    assertThat(keys("add", "alice")).isEqualTo(1);
    assertThat(keys("add", "bob", "--rpm", "many")).isEqualTo(2);

    try (ProxyHarness proxy = ProxyHarness.start(vertx, new JsonObject().put("KEYS_FILE", dir.resolve("keys.json").toString()))) {
      assertThat(status(proxy, key)).isEqualTo(200);
      assertThat(status(proxy, key + "x")).isEqualTo(401);

      assertThat(keys("disable", "alice")).isZero();
      Await.condition("the disabled key refused", java.time.Duration.ofSeconds(10), () -> status(proxy, key) == 401);
    }
  }
}

package dev.factoryproxy.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.limits.TestClock;
import dev.factoryproxy.testing.Await;
import dev.factoryproxy.testing.Canary;
import dev.factoryproxy.testing.ClientExchange;
import dev.factoryproxy.testing.ProxyExtension;
import dev.factoryproxy.testing.Reply;
import dev.factoryproxy.testing.WireFormats;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** File and command tokens: rotation without a restart, a re-run on 401, failures that never stop the proxy. */
class TokenSourcesTest {

  private static final String V1 = Canary.variant("v1");
  private static final String V2 = Canary.variant("v2");
  private static final String BODY = "{\"model\":\"gpt-5\",\"input\":\"hi\"}";

  @RegisterExtension
  final ProxyExtension proxy = ProxyExtension.startedByTest();

  @TempDir
  Path dir;

  private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));

  private void start(JsonObject... tokens) {
    proxy.start(new JsonObject().put("FACTORY_AI_TOKEN", "").put("UPSTREAM_TOKENS", new JsonArray(List.of(tokens)).encode()),
        clock);
  }

  @Test
  void aFileTokenRotatedOnDiskIsPickedUpWithoutARestart() throws IOException {
    Path file = dir.resolve("token");
    Files.writeString(file, V1 + "\n");
    start(new JsonObject().put("name", "f").put("file", file.toString()));

    assertThat(post()).isEqualTo(200);
    assertThat(lastToken()).isEqualTo(V1);

    Files.writeString(file, "{\"access_token\":\"" + V2 + "\",\"refresh_token\":\"r\"}");
    Await.condition("the rotated value in use", Duration.ofSeconds(5), () -> post() == 200 && V2.equals(lastToken()));
  }

  @Test
  void aFileTokenDisabledBy401ComesBackWhenItsFileChanges() throws IOException {
    Path file = dir.resolve("token");
    Files.writeString(file, V1);
    start(new JsonObject().put("name", "f").put("file", file.toString()));
    proxy.upstream().reply(request -> ("Bearer " + V1).equals(request.headers().get("authorization"))
        ? Reply.json(401, "{\"error\":{\"message\":\"expired\"}}", Map.of()) : WireFormats.defaultReply(request));

    assertThat(post()).as("re-read, the same value: Factory's 401 goes out").isEqualTo(401);
    assertThat(tokenHealth().getString("state")).isEqualTo("disabled");
    assertThat(tokenHealth().getString("reason")).contains("unauthorized");

    Files.writeString(file, V2);
    Await.condition("usable again", Duration.ofSeconds(5), () -> "usable".equals(tokenHealth().getString("state")));
    assertThat(post()).isEqualTo(200);
    assertThat(lastToken()).isEqualTo(V2);
  }

  @Test
  void aCommandTokenIsRunAgainOnA401AndItsNewValueIsUsed() throws IOException {
    Path value = dir.resolve("value");
    Files.writeString(value, V1 + "\n");
    Path script = dir.resolve("token-helper.sh");
    Files.writeString(script, "#!/bin/sh\ncat \"" + value + "\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    start(new JsonObject().put("name", "cmd").put("command", script.toString()).put("ttl", "1h"));
    proxy.upstream().reply(request -> ("Bearer " + V1).equals(request.headers().get("authorization"))
        ? Reply.json(401, "{\"error\":{\"message\":\"expired\"}}", Map.of()) : WireFormats.defaultReply(request));
    // The login tool has a new value; the proxy learns of it only by running the command again.
    Files.writeString(value, V2 + "\n");

    assertThat(post()).isEqualTo(200);

    assertThat(proxy.upstream().requests()).extracting(r -> r.headers().get("authorization"))
        .containsExactly("Bearer " + V1, "Bearer " + V2);
    assertThat(tokenHealth().getString("state")).isEqualTo("usable");
  }

  @Test
  void aCommandTokenIsRunAgainAfterItsTtl() throws IOException {
    Path value = dir.resolve("value");
    Files.writeString(value, V1);
    start(new JsonObject().put("name", "cmd").put("command", "cat '" + value + "'").put("ttl", "10m"));
    assertThat(post()).isEqualTo(200);
    assertThat(lastToken()).isEqualTo(V1);

    Files.writeString(value, V2);
    clock.advance(Duration.ofMinutes(10));
    Await.condition("the value the command printed after its ttl", Duration.ofSeconds(5),
        () -> post() == 200 && V2.equals(lastToken()));
  }

  @Test
  void aFailingCommandOrAMissingFileMarksOnlyThatTokenUnusable() {
    start(new JsonObject().put("name", "broken").put("command", "echo oops >&2; exit 3"),
        new JsonObject().put("name", "gone").put("file", dir.resolve("missing").toString()),
        new JsonObject().put("name", "ok").put("token", V1));

    assertThat(post()).isEqualTo(200);
    assertThat(lastToken()).isEqualTo(V1);
    List<JsonObject> health = health();
    assertThat(health.get(0).getString("state")).isEqualTo("disabled");
    assertThat(health.get(0).getString("reason")).isEqualTo("the command exited with status 3");
    assertThat(health.get(1).getString("state")).isEqualTo("disabled");
    assertThat(health.get(1).getString("reason")).contains("does not exist");
    assertThat(health.get(2).getString("state")).isEqualTo("usable");
  }

  private int post() {
    ClientExchange exchange = ClientExchange.post(proxy.client(), "/v1/responses", Buffer.buffer(BODY),
        ClientExchange.jsonHeaders());
    HttpClientResponse response = Await.result(exchange.response());
    Await.result(exchange.body());
    return response.statusCode();
  }

  private String lastToken() {
    var requests = proxy.upstream().requests();
    return requests.get(requests.size() - 1).headers().get("authorization").substring("Bearer ".length());
  }

  private List<JsonObject> health() {
    String body = Await.result(proxy.client().request(HttpMethod.GET, "/health").compose(r -> r.send())
        .compose(r -> r.body()).map(b -> b.toString(StandardCharsets.UTF_8)));
    return new JsonObject(body).getJsonArray("tokens").stream().map(JsonObject.class::cast).toList();
  }

  private JsonObject tokenHealth() {
    return health().get(0);
  }
}

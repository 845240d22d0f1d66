package dev.factoryproxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Canary;
import dev.factoryproxy.testing.MockFactory;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The jar with {@code LOG_FORMAT=json}: every line it prints is one JSON object, the access line's
 * fields among its fields, and the upstream token in none. Its {@code /metrics} holds Vert.x's
 * HTTP server and JVM metrics beside the proxy's own.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JsonLogIT extends ProcessTestSupport {

  @Test
  void everyLineIsJsonWithTheAccessFieldsAndNoToken(Vertx vertx) throws Exception {
    MockFactory upstream = MockFactory.start(vertx);
    Path work = tmp.resolve("work");
    Files.createDirectories(work);
    Files.writeString(work.resolve(".env"), "FACTORY_AI_TOKEN=\"" + Canary.variant("json-log") + "\"\n"
        + "FACTORY_BASE_URL=" + upstream.baseUrl() + "\n"
        + "LOG_FORMAT=json\n"
        + "PORT=0\n");

    ProxyProcess proxy = start(ProxyProcess.jar(work));
    int port = http.awaitServing(proxy, START);
    HttpResponse<String> response = http.postJson(port, "/v1/messages",
        "{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
        "x-request-id", "it-json-1");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("server-timing")).hasValueSatisfying(
        v -> assertThat(v).startsWith("proxy;dur="));
    assertThat(http.postJson(port, "/v1/messages", "{not json").statusCode()).isEqualTo(400);
    HttpResponse<String> metrics = http.get(port, "/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("factory_proxy_requests_total{").contains("vertx_http_server_requests_total")
        .contains("vertx_http_client_requests_total").contains("jvm_memory_used_bytes");
    Canary.assertAbsent("/metrics", metrics.body());
    proxy.awaitOutput("the access log line of the request", START, out -> out.contains("it-json-1"));
    proxy.stop(Duration.ofSeconds(15));

    List<String> lines = proxy.stdout().lines().filter(l -> !l.isBlank()).toList();
    assertThat(lines).hasSizeGreaterThan(3);
    List<JsonObject> events = lines.stream().map(JsonObject::new).toList();
    assertThat(events).allSatisfy(e -> assertThat(e.getString("level")).isNotBlank());
    JsonObject access = events.stream().filter(e -> "it-json-1".equals(e.getString("id"))).findFirst().orElseThrow();
    assertThat(access.getString("logger")).isEqualTo("dev.factoryproxy.access");
    assertThat(access.getMap()).containsEntry("key", "-").containsEntry("model", "claude-sonnet-4-6")
        .containsEntry("attempts", 1).containsEntry("status", 200)
        .containsKeys("token", "tokens_in", "tokens_out", "tokens_cached", "ttfb_ms", "overhead_ms", "duration_ms");
    assertThat(access.getValue("ttfb_ms")).isInstanceOf(Number.class);
    assertThat(access.getString("token")).isNotBlank();
    Canary.assertAbsent("stdout", proxy.stdout());
    Canary.assertAbsent("stderr", proxy.stderr());
  }
}

package dev.factoryproxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Canary;
import dev.factoryproxy.testing.MockFactory;
import dev.factoryproxy.testing.Recorded;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The repository's {@code bin/vertx} script, the classic {@code vertx run} way to start the proxy. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VertxScriptIT extends ProcessTestSupport {

  @Test
  void vertxRunWithConfFileServesHealthAndForwards(Vertx vertx) throws Exception {
    MockFactory upstream = MockFactory.start(vertx);
    Path script = Path.of("bin/vertx").toAbsolutePath();
    assertThat(Files.isExecutable(script)).as(script + " is executable").isTrue();
    Path work = tmp.resolve("work");
    Files.createDirectories(work);
    Path conf = tmp.resolve("proxy-conf.json");
    Files.writeString(conf, new JsonObject()
        .put("FACTORY_AI_TOKEN", Canary.TOKEN)
        .put("FACTORY_BASE_URL", upstream.baseUrl())
        .put("PORT", 0)
        .encodePrettily());

    ProxyProcess proxy = start(ProxyProcess.jar(work)
        .command(script.toString(), "run", "dev.factoryproxy.MainVerticle", "-conf", conf.toString())
        .env("FACTORY_PROXY_JAR", ProxyProcess.jar().toString())
        .env("JAVA_OPTS", String.join(" ", ProxyProcess.CHILD_JVM_FLAGS))
        // The script runs `java` from PATH: make that the JDK running this test.
        .env("PATH", ProxyProcess.java().getParent() + File.pathSeparator + System.getenv().getOrDefault("PATH", "")));
    int port = http.awaitServing(proxy, START);

    HttpResponse<String> response = http.postJson(port, "/v1/chat/completions",
        "{\"model\":\"glm-it\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).contains("Hello from the mock");
    Recorded received = upstream.nextRequest();
    assertThat(received.path()).isEqualTo("/api/llm/o/v1/chat/completions");
    assertThat(received.headers().getAll("authorization")).containsExactly("Bearer " + Canary.TOKEN);
    assertThat(received.headers().get("x-api-provider")).isEqualTo("fireworks");
    assertThat(proxy.output()).doesNotContain(Canary.TOKEN);
  }
}

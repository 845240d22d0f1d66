package dev.factoryproxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Canary;
import dev.factoryproxy.testing.MockFactory;
import dev.factoryproxy.testing.ProxyHarness;
import dev.factoryproxy.testing.Recorded;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The four sources of settings in a real process, lowest first: conf/config.json in the working
 * directory (instead of the jar's copy), .env, the process environment, {@code -conf}. Each
 * layer sets distinct values, and the winner of each setting is observed by what the proxy does.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConfigPrecedenceIT extends ProcessTestSupport {

  @Test
  void confFileLosesToDotenvLosesToEnvironmentLosesToConfArgument(Vertx vertx) throws Exception {
    MockFactory fromConfFile = MockFactory.start(vertx);
    MockFactory fromDotenv = MockFactory.start(vertx);
    MockFactory fromEnvironment = MockFactory.start(vertx);
    MockFactory fromConfArgument = MockFactory.start(vertx);
    int[] ports = ProxyProcess.freePorts(2);
    int confFilePort = ports[0];
    int dotenvPort = ports[1];

    Path work = tmp.resolve("work");
    Files.createDirectories(work.resolve("conf"));
    // The shipped route table, plus one value per setting this layer is meant to lose or win.
    JsonObject confFile = ProxyHarness.shippedConfig()
        .put("FACTORY_BASE_URL", fromConfFile.baseUrl())
        .put("FACTORY_AI_TOKEN", Canary.variant("layer-conf-file"))
        .put("PORT", confFilePort)
        .put("MODEL_ALIASES", new JsonObject().put("it-alias", "model-from-conf-file"));
    Files.writeString(work.resolve("conf/config.json"), confFile.encodePrettily());
    Files.writeString(work.resolve(".env"), "FACTORY_BASE_URL=" + fromDotenv.baseUrl() + "\n"
        + "FACTORY_AI_TOKEN=" + Canary.variant("layer-dotenv") + "\n"
        + "PORT=" + dotenvPort + "\n");

    ProxyProcess proxy = start(ProxyProcess.jar(work)
        .env("FACTORY_BASE_URL", fromEnvironment.baseUrl())
        .env("FACTORY_AI_TOKEN", Canary.variant("layer-environment"))
        .args("-conf", new JsonObject().put("FACTORY_BASE_URL", fromConfArgument.baseUrl()).encode()));
    int port = http.awaitServing(proxy, START);

    // PORT: conf/config.json < .env
    assertThat(port).as(proxy.tail()).isEqualTo(dotenvPort);
    // FACTORY_BASE_URL: everything < -conf, seen on GET / and by which upstream is reached.
    assertThat(http.info(port).getString("upstream")).isEqualTo(fromConfArgument.baseUrl());
    HttpResponse<String> response = http.postJson(port, "/v1/chat/completions", "{\"model\":\"it-alias\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    Recorded received = fromConfArgument.nextRequest();
    assertThat(received.path()).isEqualTo("/api/llm/o/v1/chat/completions");
    // FACTORY_AI_TOKEN: conf/config.json < .env < environment
    assertThat(received.headers().getAll("authorization")).containsExactly("Bearer " + Canary.variant("layer-environment"));
    // MODEL_ALIASES, set only in the working directory's conf/config.json: read instead of the jar's.
    assertThat(received.body().toJsonObject().getString("model")).isEqualTo("model-from-conf-file");
    assertThat(fromConfFile.requests()).isEmpty();
    assertThat(fromDotenv.requests()).isEmpty();
    assertThat(fromEnvironment.requests()).isEmpty();
  }
}

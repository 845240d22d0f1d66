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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Found by hand (h-byhand): every SIGTERM of {@code java -jar target/factory-proxy.jar} printed
 * {@code WARN MainVerticle - usage not saved at shutdown: cacheDir has been removed. FileResolver
 * is closing?}. The save MainVerticle makes from its {@code stop()} goes through Vert.x's file
 * system while the JVM's shutdown hooks run; a plain {@code vertx.close()} in one JVM does not
 * show it, a SIGTERM does. The usage of the last save period before a stop (up to 5 s) is lost.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UsageSavedAtShutdownIT extends ProcessTestSupport {

  @Test
  void theUsageOfTheLastSecondsBeforeASigtermIsSaved(Vertx vertx) throws Exception {
    MockFactory upstream = MockFactory.start(vertx);
    Path work = tmp.resolve("work");
    Files.createDirectories(work);
    Files.writeString(work.resolve(".env"), "FACTORY_AI_TOKEN=\"" + Canary.variant("usage-save") + "\"\n"
        + "FACTORY_BASE_URL=" + upstream.baseUrl() + "\n"
        + "PORT=0\n");

    ProxyProcess proxy = start(ProxyProcess.jar(work));
    int port = http.awaitServing(proxy, START);
    HttpResponse<String> response = http.postJson(port, "/v1/messages",
        "{\"model\":\"claude-it\",\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
        "x-request-id", "it-usage-save-1");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    proxy.awaitOutput("the access log line of the request", START, out -> out.contains("id=it-usage-save-1"));

    proxy.stop(Duration.ofSeconds(15));

    assertThat(proxy.output()).as(proxy.tail()).doesNotContain("usage not saved");
    Path saved = work.resolve("state").resolve("usage.json");
    assertThat(saved).exists();
    assertThat(new JsonObject(Files.readString(saved)).getJsonArray("usage")).isNotEmpty();
  }
}

package dev.factoryproxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Canary;
import dev.factoryproxy.testing.MockFactory;
import dev.factoryproxy.testing.Recorded;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code java -jar target/factory-proxy.jar} as an operator runs it: start, serve, fail to start. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LaunchIT extends ProcessTestSupport {

  @Test
  void startsFromDotenvServesHealthAndForwardsWithTheTokenWithoutEverPrintingIt(Vertx vertx) throws Exception {
    MockFactory upstream = MockFactory.start(vertx);
    String token = Canary.variant("launch");
    Path work = tmp.resolve("work");
    Files.createDirectories(work);
    Files.writeString(work.resolve(".env"), "# written by LaunchIT\n"
        + "FACTORY_AI_TOKEN=\"" + token + "\"\n"
        + "FACTORY_BASE_URL=" + upstream.baseUrl() + "\n"
        + "PORT=0\n");

    ProxyProcess proxy = start(ProxyProcess.jar(work));
    int port = http.awaitServing(proxy, START);

    assertThat(http.get(port, "/health").statusCode()).isEqualTo(200);
    String info = http.get(port, "/").body();
    HttpResponse<String> response = http.postJson(port, "/v1/messages",
        "{\"model\":\"claude-it\",\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
        "x-request-id", "it-launch-1");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).contains("Hello from the mock");
    Recorded received = upstream.nextRequest();
    // The route table came from the jar's packaged conf/config.json: the work dir has none.
    assertThat(received.path()).isEqualTo("/api/llm/a/v1/messages");
    assertThat(received.headers().getAll("authorization")).containsExactly("Bearer " + token);
    assertThat(info).doesNotContain(token);

    // The access log line is written asynchronously: wait for it, then stop the proxy so its
    // shutdown output is in the files too, before looking for the token.
    proxy.awaitOutput("the access log line of the request", START, out -> out.contains("id=it-launch-1"));
    proxy.stop(Duration.ofSeconds(10));
    String output = proxy.output();
    assertThat(output.lines().filter(line -> line.contains("listening on"))).as(proxy.tail()).hasSize(1);
    assertThat(output).contains("path=/v1/messages").contains("status=200");
    assertThat(output).as("the token must never be printed").doesNotContain(token);
  }

  @Test
  void missingTokenStopsTheStartWithOneErrorLineThatSaysWhereToSetIt() throws Exception {
    Path work = tmp.resolve("work");
    Files.createDirectories(work);
    // Settings other than the token are fine, so the token is the only thing that can fail.
    Files.writeString(work.resolve(".env"), "PORT=0\n");
    ProxyProcess proxy = start(ProxyProcess.jar(work));

    int exit = proxy.awaitExit(START);

    String output = proxy.output();
    assertThat(exit).as(proxy.tail()).isNotZero();
    List<String> errors = output.lines().filter(line -> line.contains("ERROR")).toList();
    assertThat(errors).as(proxy.tail()).hasSize(1);
    assertThat(errors.get(0)).contains("FACTORY_AI_TOKEN").contains(".env").contains("environment");
    assertThat(output).as("no stack trace").doesNotContain("Exception").doesNotContain("Caused by");
    assertThat(output.lines().filter(line -> line.matches("\\s+at \\S+\\(.*\\)\\s*"))).as(proxy.tail()).isEmpty();
    assertThat(output).doesNotContain("listening on");
  }

  /**
   * The start line reports the event-loop verticles that serve: by default one per processor
   * the child JVM sees (3 here, on any machine), with {@code -instances N} exactly N.
   */
  @ParameterizedTest(name = "[{0}] serves with {1}")
  @CsvSource(delimiter = '|', value = {
      "               | 3",
      "-instances 1   | 1",
      "-instances=2   | 2"})
  void startLineReportsTheEventLoopVerticles(String args, int expected) throws Exception {
    Path work = tmp.resolve("work");
    Files.createDirectories(work);
    Files.writeString(work.resolve(".env"), "FACTORY_AI_TOKEN=" + Canary.TOKEN + "\nPORT=0\n");
    ProxyProcess.Builder builder = ProxyProcess.jar(work).jvmFlag("-XX:ActiveProcessorCount=3");
    if (args != null) {
      builder.args(args.trim().split("\\s+"));
    }

    ProxyProcess proxy = start(builder);
    int port = http.awaitServing(proxy, START);

    List<String> started = proxy.output().lines().filter(line -> line.contains("listening on")).toList();
    assertThat(started).as(proxy.tail()).hasSize(1);
    assertThat(started.get(0)).contains("(" + expected + " event-loop verticles)");
  }
}

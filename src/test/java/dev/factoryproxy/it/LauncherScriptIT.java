package dev.factoryproxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Canary;
import dev.factoryproxy.testing.MockFactory;
import io.vertx.core.Vertx;
import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code bin/factory-proxy}, the README's run command: its JVM flags reach the JVM, {@code JAVA_OPTS}
 * replaces them, its arguments reach the proxy, and {@code TRANSPORT} picks the transport. The JVM's heap pools on {@code /metrics} say
 * which collector and ceiling it runs with.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LauncherScriptIT extends ProcessTestSupport {

  private static final Pattern HEAP_MAX = Pattern.compile("jvm_memory_max_bytes\\{area=\"heap\",id=\"([^\"]+)\"} ([0-9.E+]+)");

  @Test
  void runsTheJarWithTheMeasuredHeapAndCollectorAndPassesItsArguments(Vertx vertx) throws Exception {
    MockFactory upstream = MockFactory.start(vertx);
    ProxyProcess proxy = launch(upstream, null, null, "-conf", "{\"PORT\":0}");
    int port = http.awaitServing(proxy, START);

    // TRANSPORT=auto: Vert.x's own native transport, not io_uring (whose completion queue
    // overflowed under thousands of streams in the bench).
    assertThat(proxy.output()).containsPattern("; (epoll|nio) transport");
    String metrics = http.get(port, "/metrics").body();
    assertThat(heapPools(metrics)).as(metrics).contains("PS Old Gen");
    // The pools' maxima add up to -Xmx512m (less one survivor space, which the JVM does not count twice).
    assertThat(heapMax(metrics)).isBetween(400L << 20, 512L << 20);
    HttpResponse<String> answer = http.postJson(port, "/v1/chat/completions",
        "{\"model\":\"glm-it\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
  }

  @Test
  void javaOptsReplacesTheFlags(Vertx vertx) throws Exception {
    MockFactory upstream = MockFactory.start(vertx);
    ProxyProcess proxy = launch(upstream, String.join(" ", ProxyProcess.CHILD_JVM_FLAGS), "nio", "-conf", "{\"PORT\":0}");
    int port = http.awaitServing(proxy, START);

    assertThat(proxy.output()).contains("; nio transport");
    String metrics = http.get(port, "/metrics").body();
    assertThat(heapPools(metrics)).as("the serial collector of the test's flags").contains("Tenured Gen")
        .doesNotContain("PS Old Gen");
  }

  @Test
  void anUnknownTransportStopsTheStartWithOneLine(Vertx vertx) throws Exception {
    MockFactory upstream = MockFactory.start(vertx);
    ProxyProcess proxy = launch(upstream, String.join(" ", ProxyProcess.CHILD_JVM_FLAGS), "kqueue", "-conf", "{\"PORT\":0}");

    assertThat(proxy.awaitExit(START)).isNotZero();
    assertThat(proxy.output()).contains("TRANSPORT must be auto, io_uring or nio, not 'kqueue'");
  }

  private ProxyProcess launch(MockFactory upstream, String javaOpts, String transport, String... args) throws Exception {
    Path script = Path.of("bin/factory-proxy").toAbsolutePath();
    assertThat(Files.isExecutable(script)).as(script + " is executable").isTrue();
    Path work = tmp.resolve("work-" + (javaOpts == null ? "default" : "opts") + "-" + transport);
    Files.createDirectories(work);
    String[] command = new String[args.length + 1];
    command[0] = script.toString();
    System.arraycopy(args, 0, command, 1, args.length);
    ProxyProcess.Builder builder = ProxyProcess.jar(work).command(command)
        .env("FACTORY_AI_TOKEN", Canary.TOKEN)
        .env("FACTORY_BASE_URL", upstream.baseUrl())
        .env("FACTORY_PROXY_JAR", ProxyProcess.jar().toString())
        // The script runs `java` from PATH: make that the JDK running this test.
        .env("PATH", ProxyProcess.java().getParent() + File.pathSeparator + System.getenv().getOrDefault("PATH", ""));
    if (javaOpts != null) {
      builder.env("JAVA_OPTS", javaOpts);
    }
    if (transport != null) {
      builder.env("TRANSPORT", transport);
    }
    return start(builder);
  }

  private static String heapPools(String metrics) {
    StringBuilder pools = new StringBuilder();
    Matcher m = HEAP_MAX.matcher(metrics);
    while (m.find()) {
      pools.append(m.group(1)).append('\n');
    }
    return pools.toString();
  }

  private static long heapMax(String metrics) {
    long sum = 0;
    Matcher m = HEAP_MAX.matcher(metrics);
    while (m.find()) {
      double max = Double.parseDouble(m.group(2));
      if (max > 0) {
        sum += (long) max;
      }
    }
    return sum;
  }
}

package dev.factoryproxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Canary;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every test of proxies started as child processes needs: a temporary directory, a
 * blocking HTTP client, Vert.x for the mock upstreams, and {@link #start} whose processes are
 * killed after the test, whatever its outcome.
 */
@ExtendWith(VertxExtension.class)
abstract class ProcessTestSupport {

  /** How long a child gets to start and answer on a loaded machine. */
  static final Duration START = Duration.ofSeconds(30);

  @TempDir
  Path tmp;

  final Http http = new Http();

  private final List<ProxyProcess> started = new ArrayList<>();

  /** Starts the process; it is killed after the test. */
  ProxyProcess start(ProxyProcess.Builder builder) {
    ProxyProcess process = builder.start();
    started.add(process);
    return process;
  }

  /**
   * Kills every process the test started, then reads what each printed: the {@link Canary} token
   * in any form, or a Netty leak report ({@code LEAK:}, detection is paranoid in every child),
   * fails the test.
   */
  @AfterEach
  void killProcesses() {
    started.forEach(ProxyProcess::close);
    for (ProxyProcess process : started) {
      String output = process.output();
      Canary.inspect("the output of a proxy process", output);
      assertThat(output).as("Netty leak reports in the output of a proxy process").doesNotContain("LEAK:");
    }
  }
}

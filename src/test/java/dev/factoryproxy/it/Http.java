package dev.factoryproxy.it;

import static org.assertj.core.api.Assertions.fail;

import dev.factoryproxy.testing.Canary;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** A blocking HTTP/1.1 client for proxies started as processes, on loopback; one per test. */
final class Http {

  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .proxy(HttpClient.Builder.NO_PROXY)
      .connectTimeout(Duration.ofSeconds(2))
      .build();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);


  HttpResponse<String> get(int port, String path) throws IOException {
    return send(HttpRequest.newBuilder(uri(port, path)).timeout(REQUEST_TIMEOUT).GET().build());
  }

  HttpResponse<String> postJson(int port, String path, String body, String... headers) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(port, path))
        .timeout(REQUEST_TIMEOUT)
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request.build());
  }

  /** {@code GET /} as JSON. */
  JsonObject info(int port) throws IOException {
    HttpResponse<String> response = get(port, "/");
    if (response.statusCode() != 200) {
      throw new AssertionError("GET / answered " + response.statusCode() + ": " + response.body());
    }
    return new JsonObject(response.body());
  }

  /** Waits for the proxy's start-up line, then for {@code GET /health} to answer 200; returns its port. */
  int awaitServing(ProxyProcess proxy, Duration timeout) {
    int port = proxy.awaitListening(timeout);
    awaitHealthy(proxy, port, timeout);
    return port;
  }

  /**
   * Polls {@code GET /health} until it answers 200. Connection errors count as not ready yet;
   * at the deadline, or if the process dies, the test fails with what the proxy printed.
   */
  void awaitHealthy(ProxyProcess proxy, int port, Duration timeout) {
    awaitInfo(proxy, port, timeout, "GET /health 200", () -> get(port, "/health").statusCode() == 200);
  }

  /** Polls {@code GET /} until its JSON satisfies {@code condition}. */
  JsonObject awaitInfo(ProxyProcess proxy, int port, Duration timeout, String what,
                              Predicate<JsonObject> condition) {
    JsonObject[] last = new JsonObject[1];
    awaitInfo(proxy, port, timeout, what, () -> condition.test(last[0] = info(port)));
    return last[0];
  }

  /** Polls {@code GET /health} until its JSON satisfies {@code condition}. */
  void awaitHealth(ProxyProcess proxy, int port, Duration timeout, String what, Predicate<JsonObject> condition) {
    awaitInfo(proxy, port, timeout, what, () -> condition.test(new JsonObject(get(port, "/health").body())));
  }

  private interface Probe {
    boolean ok() throws IOException;
  }

  private void awaitInfo(ProxyProcess proxy, int port, Duration timeout, String what, Probe probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String lastSeen = "nothing";
    while (true) {
      try {
        if (probe.ok()) {
          return;
        }
        lastSeen = "a reply that did not match";
      } catch (IOException e) {
        lastSeen = e.toString();
      }
      if (!proxy.isAlive()) {
        fail("the proxy on port " + port + " exited while waiting for " + what + "; it printed:\n" + proxy.tail());
      }
      if (System.nanoTime() > deadline) {
        fail("no " + what + " on port " + port + " within " + timeout + " (last: " + lastSeen + "); the proxy printed:\n"
            + proxy.tail());
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static URI uri(int port, String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException {
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      Canary.inspect("a response to " + request.method() + " " + request.uri().getPath(),
          response.headers().map() + "\n" + response.body());
      return response;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}

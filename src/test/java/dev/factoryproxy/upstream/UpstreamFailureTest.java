package dev.factoryproxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.factoryproxy.testing.Await;
import dev.factoryproxy.tokens.TokenSettings;
import dev.factoryproxy.testing.ClientExchange;
import dev.factoryproxy.testing.ProxyExtension;
import dev.factoryproxy.testing.ProxyHarness;
import dev.factoryproxy.testing.RawUpstream;
import dev.factoryproxy.testing.Recorded;
import dev.factoryproxy.testing.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.dns.AddressResolverOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * When Factory cannot be reached or does not answer, the client gets the proxy's own error:
 * 502 when nothing usable came back, 504 when it took too long, in the error envelope its
 * SDK understands on that route, and never with the owner's token in it.
 */
class UpstreamFailureTest {

  private static final long MS = 1_000_000L;
  private static final Duration BOUND = Duration.ofSeconds(5);

  @RegisterExtension
  final ProxyExtension proxy = ProxyExtension.startedByTest();

  @ParameterizedTest
  @ValueSource(strings = {"/v1/responses", "/v1/messages", "/v1/chat/completions"})
  void refusedConnectionIs502(String path) {
    int closedPort = closedPort();
    proxy.start(new JsonObject().put("FACTORY_BASE_URL", "http://127.0.0.1:" + closedPort + "/api/llm"));

    Answer answer = post(path);

    answer.assertProxyError(path, 502);
    assertThat(answer.message()).contains("connect");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1/responses", "/v1/messages", "/v1/chat/completions"})
  void anUnresolvableHostIs502AndFast(String path) {
    // RFC 6761 reserves .invalid: no DNS server knows it, so this is a DNS failure wherever a
    // DNS server answers at all. The proxy resolves with Vert.x's own resolver (the servers of
    // /etc/resolv.conf, /etc/hosts first); the JDK's says whether this machine has DNS at all.
    assumeTrue(systemResolverAnswersWithin(Duration.ofSeconds(3)), "no DNS server answers on this machine");
    proxy.start(new JsonObject().put("FACTORY_BASE_URL", "https://factory-proxy-test.invalid/api/llm")
        .put("CONNECT_TIMEOUT", "10s"));

    Answer answer = post(path);

    answer.assertProxyError(path, 502);
    assertThat(answer.message()).contains("factory-proxy-test.invalid");
    assertThat(answer.millis()).as("ms until the 502").isLessThan(4000L);
  }

  @Test
  void aDnsServerThatNeverAnswersIs504WithinTheConnectTimeout() throws IOException {
    // The proxy resolves names itself (Vert.x's resolver, not the JDK's): point it at a UDP
    // socket that swallows every query, and the wait must end with CONNECT_TIMEOUT.
    try (DatagramSocket silentDns = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      Vertx vertx = Vertx.vertx(new VertxOptions().setAddressResolverOptions(new AddressResolverOptions()
          .addServer("127.0.0.1:" + silentDns.getLocalPort()).setHostsValue(Buffer.buffer(""))
          .setQueryTimeout(30_000)));
      try (ProxyHarness harness = ProxyHarness.start(vertx, new JsonObject()
          .put("FACTORY_BASE_URL", "https://factory.example/api/llm")
          .put("CONNECT_TIMEOUT", "500ms").put("RESPONSE_TIMEOUT", "30s"))) {
        String path = "/v1/messages";

        Answer answer = post(harness.client(), path);

        answer.assertProxyError(path, 504);
        assertThat(answer.message()).contains("CONNECT_TIMEOUT");
        assertThat(answer.millis()).as("ms until the 504").isBetween(400L, 5000L);
        // The wait was the resolver's: the query reached the silent server.
        silentDns.setSoTimeout(5_000);
        DatagramPacket query = new DatagramPacket(new byte[512], 512);
        silentDns.receive(query);
        assertThat(new String(query.getData(), 0, query.getLength(), StandardCharsets.ISO_8859_1))
            .contains("factory").contains("example");
      } finally {
        Await.result(vertx.close());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1/responses", "/v1/messages", "/v1/chat/completions"})
  void tlsToAServerThatSpeaksPlainHttpIs502AndNothingGoesOutInClear(String path) {
    // An https base URL pointing at a plain HTTP server: it answers the ClientHello with a
    // plain 400, which is no TLS record, so the handshake fails.
    Buffer seen = Buffer.buffer();
    NetServer plain = proxy.vertx().createNetServer().connectHandler(socket -> socket.handler(bytes -> {
      synchronized (seen) {
        seen.appendBuffer(bytes);
      }
      socket.write("HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
          .onComplete(v -> socket.close());
    }));
    Await.result(plain.listen(0, "127.0.0.1"));
    proxy.start(new JsonObject().put("FACTORY_BASE_URL", "https://127.0.0.1:" + plain.actualPort() + "/api/llm"));

    Answer answer = post(path);

    answer.assertProxyError(path, 502);
    assertThat(answer.message()).startsWith("TLS handshake with Factory AI failed: ").containsIgnoringCase("SSL/TLS");
    synchronized (seen) {
      assertThat(seen.length()).as("bytes of the ClientHello").isGreaterThan(0);
      String clear = seen.toString(StandardCharsets.ISO_8859_1);
      assertThat(clear).doesNotContain("POST").doesNotContain(ProxyHarness.TOKEN).doesNotContain("Bearer");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1/responses", "/v1/messages", "/v1/chat/completions"})
  void aServerWithAnUntrustedCertificateIs502AndNeverSeesTheRequest(String path) {
    // A real TLS server whose certificate no trust store vouches for: the proxy must refuse
    // it rather than hand the owner's token to whoever sits at that address.
    Buffer decrypted = Buffer.buffer();
    AtomicInteger handshakes = new AtomicInteger();
    SelfSignedCertificate certificate = SelfSignedCertificate.create("127.0.0.1");
    NetServer tls = proxy.vertx().createNetServer(new NetServerOptions().setSsl(true)
            .setKeyCertOptions(certificate.keyCertOptions()))
        .connectHandler(socket -> {
          handshakes.incrementAndGet();
          socket.handler(bytes -> {
            synchronized (decrypted) {
              decrypted.appendBuffer(bytes);
            }
          });
        });
    Await.result(tls.listen(0, "127.0.0.1"));
    proxy.start(new JsonObject().put("FACTORY_BASE_URL", "https://127.0.0.1:" + tls.actualPort() + "/api/llm"));

    Answer answer = post(path);

    answer.assertProxyError(path, 502);
    assertThat(answer.message()).startsWith("TLS handshake with Factory AI failed: ").contains("certification path");
    assertThat(handshakes.get()).as("TLS handshakes the server completed").isZero();
    synchronized (decrypted) {
      assertThat(decrypted.length()).as("request bytes the server decrypted").isZero();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1/responses", "/v1/messages", "/v1/chat/completions"})
  void connectionClosedBeforeHeadersIs502(String path) {
    proxy.start();
    proxy.upstream().reply(Reply.closeConnection());

    Answer answer = post(path);

    answer.assertProxyError(path, 502);
    // A connection lost before any answer is tried again (MAX_RETRIES, default 2), then reported.
    assertThat(proxy.upstream().requests()).hasSize(1 + TokenSettings.DEFAULT_MAX_RETRIES);
  }

  @ParameterizedTest(name = "{0} after {1} bytes of response head")
  @CsvSource({"CLOSE, 0", "RESET, 0", "CLOSE, 40", "RESET, 40"})
  void aConnectionEndedBeforeTheResponseHeadIsCompleteIs502(RawUpstream.Ending ending, int headBytes) {
    // Nothing at all, or a status line and half a header block: no response the client could use.
    String head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n";
    List<String> pieces = headBytes == 0 ? List.of() : List.of(head.substring(0, headBytes));
    try (RawUpstream upstream = RawUpstream.start(proxy.vertx(), pieces, Duration.ofMillis(20), ending)) {
      proxy.start(new JsonObject().put("FACTORY_BASE_URL", upstream.baseUrl()));

      Answer answer = post("/v1/messages");

      answer.assertProxyError("/v1/messages", 502);
      // Tried again (MAX_RETRIES, default 2) before the 502: no byte had reached the client.
      assertThat(upstream.requests()).isEqualTo(1 + TokenSettings.DEFAULT_MAX_RETRIES);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1/responses", "/v1/messages", "/v1/chat/completions"})
  void noHeadersWithinTheResponseTimeoutIs504AndTheUpstreamIsClosed(String path) {
    proxy.start(new JsonObject().put("RESPONSE_TIMEOUT", "300ms"));
    proxy.upstream().reply(Reply.hang());

    Answer answer = post(path);
    Recorded upstream = proxy.upstream().nextRequest();

    answer.assertProxyError(path, 504);
    assertThat(answer.message()).contains("RESPONSE_TIMEOUT");
    assertThat(answer.millis()).as("ms until the 504").isBetween(250L, 3000L);
    // Nobody waits for that answer any more: the proxy must not leave the request running.
    Await.result(upstream.closedEarly(), BOUND);
  }

  @Test
  void aSlowButTimelyAnswerIsNotTimedOut() {
    proxy.start(new JsonObject().put("RESPONSE_TIMEOUT", "800ms"));
    proxy.upstream().reply(Reply.delayed(Duration.ofMillis(200), Reply.json("{\"ok\":true}")));

    Answer answer = post("/v1/responses");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("{\"ok\":true}");
  }

  @Test
  void theResponseTimeoutEndsWithTheHeadersAndNeverCutsAStream() {
    // Headers at once, then a pause twice the response timeout before the first event: the
    // response timeout is about the wait for headers only; the idle timeout (5 s) governs.
    proxy.start(new JsonObject()
        .put("RESPONSE_TIMEOUT", "300ms").put("STREAM_IDLE_TIMEOUT", "5s"));
    String event = "data: {\"choices\":[]}\n\n";
    proxy.upstream().reply((v, request, response, done) -> {
      response.setChunked(true).putHeader("content-type", "text/event-stream");
      response.writeHead();
      v.setTimer(700, id -> {
        done.run();
        response.end(event);
      });
    });

    Answer answer = post("/v1/chat/completions");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo(event);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1/responses", "/v1/messages", "/v1/chat/completions"})
  void noConnectionWithinTheConnectTimeoutIs504(String path) {
    // The only pooled connection is held by a request the upstream never answers, so the
    // next request cannot get a connection within CONNECT_TIMEOUT.
    proxy.start(new JsonObject()
        .put("UPSTREAM_POOL_SIZE", 1).put("CONNECT_TIMEOUT", "300ms").put("RESPONSE_TIMEOUT", "30s"));
    proxy.upstream().reply(Reply.hang());
    ClientExchange holder = ClientExchange.post(proxy.client(), path, "{\"model\":\"m\",\"stream\":true}");
    proxy.upstream().nextRequest();

    Answer answer = post(path);

    answer.assertProxyError(path, 504);
    assertThat(answer.message()).contains("CONNECT_TIMEOUT");
    assertThat(answer.millis()).as("ms until the 504").isBetween(250L, 3000L);
    assertThat(proxy.upstream().requests()).hasSize(1);
    assertThat(holder.response().isComplete()).isFalse();
  }

  @Test
  void tcpConnectTimeoutIs504() throws IOException {
    // A listener whose accept queue is full: Linux drops further SYNs, so a connect hangs
    // until its timeout, exactly like an unreachable host, without leaving loopback.
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      List<Socket> fillers = new ArrayList<>();
      try {
        assumeTrue(fillAcceptQueue(listener, fillers), "this OS does not drop SYNs to a full accept queue");
        proxy.start(new JsonObject()
            .put("FACTORY_BASE_URL", "http://127.0.0.1:" + listener.getLocalPort() + "/api/llm")
            .put("CONNECT_TIMEOUT", "300ms").put("RESPONSE_TIMEOUT", "30s"));

        Answer answer = post("/v1/chat/completions");

        answer.assertProxyError("/v1/chat/completions", 504);
        assertThat(answer.message()).contains("CONNECT_TIMEOUT");
        assertThat(answer.millis()).as("ms until the 504").isBetween(250L, 3000L);
      } finally {
        for (Socket filler : fillers) {
          filler.close();
        }
      }
    }
  }

  /** Connects until a connect times out; true when the listener's queue is full. */
  private static boolean fillAcceptQueue(ServerSocket listener, List<Socket> fillers) throws IOException {
    for (int i = 0; i < 8; i++) {
      Socket socket = new Socket();
      try {
        socket.connect(listener.getLocalSocketAddress(), 200);
        fillers.add(socket);
      } catch (SocketTimeoutException e) {
        socket.close();
        return true;
      }
    }
    return false;
  }

  private Answer post(String path) {
    return post(proxy.client(), path);
  }

  private static Answer post(HttpClient client, String path) {
    ClientExchange call = ClientExchange.post(client, path, "{\"model\":\"m\",\"stream\":true}");
    HttpClientResponse response = Await.result(call.response(), BOUND);
    Buffer body = Await.result(call.body(), BOUND);
    return new Answer(response, body.toString(StandardCharsets.UTF_8), (call.headersNanos() - call.startNanos()) / MS);
  }

  /** Whether the JDK's resolver learns within {@code bound} that a reserved name does not exist. */
  private static boolean systemResolverAnswersWithin(Duration bound) {
    long start = System.nanoTime();
    try {
      InetAddress.getByName("factory-proxy-precheck.invalid");
      return false;
    } catch (UnknownHostException e) {
      return System.nanoTime() - start < bound.toNanos();
    }
  }

  /** A port on loopback that nothing listens on. */
  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private record Answer(HttpClientResponse response, String body, long millis) {

    int status() {
      return response.statusCode();
    }

    JsonObject json() {
      return new JsonObject(body);
    }

    String message() {
      return json().getJsonObject("error").getString("message");
    }

    String everything() {
      StringBuilder all = new StringBuilder();
      response.headers().forEach(h -> all.append(h.getKey()).append(": ").append(h.getValue()).append('\n'));
      return all.append(body).toString();
    }

    /** The proxy's own error, in the envelope of the route's API, without the token. */
    void assertProxyError(String path, int status) {
      assertThat(status()).as("status; body %s", body).isEqualTo(status);
      assertThat(response.getHeader("content-type")).isEqualTo("application/json");
      JsonObject json = json();
      JsonObject error = json.getJsonObject("error");
      assertThat(error).as("error object in %s", body).isNotNull();
      assertThat(error.getString("message")).isNotBlank();
      Function<Integer, String> openaiCode = s -> s == 504 ? "upstream_timeout" : "upstream_unavailable";
      if (path.equals("/v1/messages")) {
        assertThat(json.fieldNames()).containsExactlyInAnyOrder("type", "error");
        assertThat(json.getString("type")).isEqualTo("error");
        assertThat(error.fieldNames()).containsExactlyInAnyOrder("type", "message");
        assertThat(error.getString("type")).isEqualTo(status == 504 ? "timeout_error" : "api_error");
      } else {
        assertThat(json.fieldNames()).containsExactly("error");
        assertThat(error.fieldNames()).containsExactlyInAnyOrder("message", "type", "code");
        assertThat(error.getString("type")).isEqualTo("server_error");
        assertThat(error.getString("code")).isEqualTo(openaiCode.apply(status));
      }
      assertThat(everything()).doesNotContain(ProxyHarness.TOKEN).doesNotContain("Bearer");
    }
  }
}

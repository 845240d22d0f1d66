package dev.factoryproxy.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Figures;
import dev.factoryproxy.testing.MockFactory;
import dev.factoryproxy.testing.ProxyExtension;
import dev.factoryproxy.testing.RawHttp;
import dev.factoryproxy.testing.Recorded;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No request target changes where a request goes. Each target below is either routed, and then
 * Factory sees exactly the route's configured path with the query as sent, on the configured
 * host; or refused (400, 404 or 405) without contacting Factory. A second real server on loopback
 * plays the attacker's host: targets and headers name it, and it must never get a connection.
 *
 * <p>Decisions the cases pin: dot segments are resolved before routing (RFC 3986 §5.2.4, as
 * vertx-web does), so {@code /v1/../v1/messages} is the messages route and an escape above the
 * route is a 404; the route's upstream path never comes from the client's path anyway. An
 * absolute-form target (RFC 9112 §3.2.2) is accepted and its scheme, host and port ignored.
 * {@code #} and {@code \} in a target are refused with 400.
 */
class PathConfinementTest {

  private static final String BODY = "{\"model\":\"m\"}";
  private static final String MESSAGES = "/api/llm/a/v1/messages";
  private static final AtomicInteger CASES = new AtomicInteger();
  private static final AtomicInteger REFUSED_CONTACTS = new AtomicInteger();
  private static final AtomicInteger EVIL_CONTACTS = new AtomicInteger();

  @RegisterExtension
  final ProxyExtension proxy = ProxyExtension.defaults();

  private MockFactory evil;

  @BeforeEach
  void startEvil() {
    evil = MockFactory.start(proxy.vertx());
  }

  @AfterEach
  void stopEvil() {
    evil.close();
  }

  /**
   * @param target the request target; {@code EVIL} stands for the attacker server's host:port
   * @param expected the URI Factory must see, or a status the client must get instead
   */
  static Stream<Arguments> targets() {
    return Stream.of(
        routed("/v1/../v1/messages", MESSAGES),
        routed("/v1/messages/./", MESSAGES),
        refused("/v1/messages/../../evil", 404),
        refused("/v1/messages/..", 404),
        routed("/v1/%2e%2e/v1/messages", MESSAGES),
        routed("/v1/%2E%2E/v1/messages", MESSAGES),
        refused("/v1/messages/%2e%2e/%2e%2e/evil", 404),
        refused("/v1/messages%2f..%2f..%2fevil", 404),
        refused("/%2e%2e/%2e%2e/evil", 404),
        routed("//v1/messages", MESSAGES),
        routed("/v1//messages", MESSAGES),
        refused("//EVIL/v1/messages", 404),
        refused("/v1/messages#fragment", 400),
        refused("/nowhere#fragment", 400),
        refused("/v1/messages?beta=true#@EVIL", 400),
        refused("/v1/messages@EVIL", 404),
        refused("/v1/messages@EVIL/v1/messages", 404),
        refused("@EVIL/v1/messages", 404),
        routed("/v1/messages?@EVIL/", MESSAGES + "?@EVIL/"),
        routed("/v1/messages?next=http://EVIL/", MESSAGES + "?next=http://EVIL/"),
        refused("/v1\\messages", 400),
        refused("/v1/messages\\..\\..\\evil", 400),
        // vertx-web answers a target not starting with '/' with 404 before any stage runs.
        refused("\\\\EVIL/v1/messages", 404),
        refused("/v1/messages;@EVIL", 404),
        routed("http://EVIL/v1/messages", MESSAGES),
        routed("http://EVIL/v1/messages?beta=true", MESSAGES + "?beta=true"),
        routed("https://EVIL/v1/messages", MESSAGES),
        routed("http://user:pass@EVIL/v1/messages", MESSAGES),
        routed("http://EVIL/v1/../v1/messages", MESSAGES),
        refused("http://EVIL", 405), // the path is "/", which only answers GET and HEAD
        refused("http://EVIL/evil", 404));
  }

  private static Arguments routed(String target, String upstreamUri) {
    return Arguments.of(target, upstreamUri, 200);
  }

  private static Arguments refused(String target, int status) {
    return Arguments.of(target, null, status);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("targets")
  void theTargetNeverChangesHostSchemePortOrBasePath(String target, String upstreamUri, int status) {
    CASES.incrementAndGet();
    String evilAuthority = "127.0.0.1:" + evil.port();
    String sent = target.replace("EVIL", evilAuthority);
    String expectedUri = upstreamUri == null ? null : upstreamUri.replace("EVIL", evilAuthority);
    RawHttp.Response response;
    try (RawHttp http = RawHttp.connect(proxy.port())) {
      response = http.send("POST " + sent + " HTTP/1.1\r\nHost: " + evilAuthority + "\r\n"
          + "X-Forwarded-Host: " + evilAuthority + "\r\nForwarded: host=" + evilAuthority + "\r\n"
          + "Content-Type: application/json\r\nContent-Length: " + BODY.length() + "\r\n\r\n" + BODY).read(false);
    }

    assertThat(response.status()).as(sent).isEqualTo(status);
    if (expectedUri != null) {
      Recorded upstream = proxy.upstream().nextRequest();
      assertThat(upstream.uri()).isEqualTo(expectedUri);
      assertThat(upstream.headers().getAll("host")).containsExactly("127.0.0.1:" + proxy.upstream().port());
    } else {
      REFUSED_CONTACTS.addAndGet(proxy.upstream().acceptedConnections());
      assertThat(proxy.upstream().acceptedConnections()).as("connections to Factory").isZero();
      assertThat(new io.vertx.core.json.JsonObject(response.text()).containsKey("error")).isTrue();
    }
    EVIL_CONTACTS.addAndGet(evil.acceptedConnections());
    assertThat(evil.acceptedConnections()).as("connections to the attacker's server").isZero();
  }

  /** Authority-form and asterisk-form targets: no tunnel, no route, no contact. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("otherForms")
  void connectAndAsteriskFormsAreRefused(String requestLine, int status) {
    CASES.incrementAndGet();
    String evilAuthority = "127.0.0.1:" + evil.port();
    RawHttp.Response response;
    try (RawHttp http = RawHttp.connect(proxy.port())) {
      response = http.send(requestLine.replace("EVIL", evilAuthority) + "\r\nHost: " + evilAuthority
          + "\r\nContent-Length: 0\r\n\r\n").read(false);
    }

    assertThat(response.status()).isEqualTo(status);
    REFUSED_CONTACTS.addAndGet(proxy.upstream().acceptedConnections());
    EVIL_CONTACTS.addAndGet(evil.acceptedConnections());
    assertThat(proxy.upstream().acceptedConnections()).isZero();
    assertThat(evil.acceptedConnections()).isZero();
  }

  static Stream<Arguments> otherForms() {
    return Stream.of(
        Arguments.of("CONNECT EVIL HTTP/1.1", 404),
        Arguments.of("OPTIONS * HTTP/1.1", 404),
        Arguments.of("POST * HTTP/1.1", 404));
  }

  @AfterAll
  static void record() {
    Figures.record("path and target cases tried", String.valueOf(CASES.get()));
    Figures.record("upstream connections caused by refused targets", String.valueOf(REFUSED_CONTACTS.get()));
    Figures.record("connections to the attacker-named server", String.valueOf(EVIL_CONTACTS.get()));
  }
}

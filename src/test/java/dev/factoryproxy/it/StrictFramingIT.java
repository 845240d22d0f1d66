package dev.factoryproxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.MockFactory;
import dev.factoryproxy.testing.RawHttp;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The strict request decoder in the shipped jar, on whatever transport the launcher picks
 * (io_uring, epoll or NIO): the decoder swap and the half-close after a refusal must work
 * there as they do in the in-process tests.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StrictFramingIT extends ProcessTestSupport {

  private static final String BODY = "{\"model\":\"m\"}";

  @Test
  void smugglingAttemptsAre400AndNeverReachFactoryWhileCleanRequestsPass(Vertx vertx) throws Exception {
    MockFactory upstream = MockFactory.start(vertx);
    Path work = tmp.resolve("work");
    Files.createDirectories(work);
    Files.writeString(work.resolve(".env"), "FACTORY_AI_TOKEN=fct-it-framing\nFACTORY_BASE_URL=" + upstream.baseUrl()
        + "\nPORT=0\n");
    ProxyProcess proxy = start(ProxyProcess.jar(work));
    int port = http.awaitServing(proxy, START);

    for (String framing : new String[] {
        "Content-Length: 13\r\nTransfer-Encoding: chunked\r\n",
        "Transfer-Encoding: chunked, chunked\r\n",
        "Content-Length: 13\r\nX-Folded: a\r\n b\r\n"}) {
      try (RawHttp raw = RawHttp.connect(port)) {
        RawHttp.Response response = raw.send("POST /v1/messages HTTP/1.1\r\nHost: localhost\r\n" + framing + "\r\n"
            + "d\r\n" + BODY + "\r\n0\r\n\r\n").read(false);
        assertThat(response.status()).as(framing).isEqualTo(400);
        assertThat(response.text()).contains("malformed request");
        assertThat(raw.untilEof()).isEmpty();
      }
    }
    assertThat(upstream.acceptedConnections()).isZero();

    try (RawHttp raw = RawHttp.connect(port)) {
      RawHttp.Response response = raw.send("POST /v1/messages HTTP/1.1\r\nHost: localhost\r\n"
          + "Transfer-Encoding: chunked\r\n\r\nd\r\n" + BODY + "\r\n0\r\n\r\n").read(false);
      assertThat(response.status()).isEqualTo(200);
    }
    assertThat(upstream.nextRequest().body().toString()).isEqualTo(BODY);
  }
}

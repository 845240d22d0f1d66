package dev.factoryproxy.route;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.factoryproxy.testing.ProxyExtension;
import dev.factoryproxy.testing.RawHttp;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

/**
 * A client key, wrong or right, is never given back: not in the 401's body or headers, not in
 * any log line (the access line of the request included), in no encoding. Requests go over a
 * raw socket so the exact response head is what is checked.
 */
class ClientKeyEchoTest {

  private static final String KEY = "ck-RIGHTKEY-4b7e1d";
  private static final String BODY = "{\"model\":\"m\",\"max_tokens\":5}";

  @RegisterExtension
  final ProxyExtension proxy = ProxyExtension.with(new JsonObject().put("PROXY_API_KEYS", KEY));

  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void captureLogs() {
    logged.start();
    root().addAppender(logged);
  }

  @AfterEach
  void release() {
    root().detachAppender(logged);
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  @ParameterizedTest(name = "[{index}] {0} {1}: {2}")
  @CsvSource(delimiter = '|', value = {
      "/v1/chat/completions | authorization | Bearer {key}       | 401",
      "/v1/messages         | authorization | Bearer {key}       | 401",
      "/v1/responses        | x-api-key     | {key}              | 401",
      "/v1/messages         | x-api-key     | {key}              | 401",
      "/v1/chat/completions | authorization | {key}              | 401",
      "/v1/messages         | authorization | Basic {basic}      | 401",
      "/v1/messages         | x-api-key     | {key}-with-suffix  | 401",
      "/v1/chat/completions | x-api-key     | RIGHT              | 200",
      "/v1/messages         | authorization | Bearer RIGHT       | 200"})
  void neitherAWrongNorARightKeyIsEchoedOrLogged(String path, String header, String template, int status) {
    String presented = status == 200 ? KEY : "ck-WRONGKEY-" + Integer.toHexString(template.hashCode()) + "-9e2c";
    String value = template.replace("RIGHT", KEY).replace("{key}", presented)
        .replace("{basic}", base64("user:" + presented));
    String id = "echo-" + Integer.toHexString((path + header + template).hashCode());

    RawHttp.Response response;
    try (RawHttp raw = RawHttp.connect(proxy.port())) {
      response = raw.send("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + header + ": " + value + "\r\nX-Request-Id: " + id + "\r\nContent-Length: " + BODY.length() + "\r\n\r\n"
          + BODY).read(false);
    }

    assertThat(response.status()).as(response.text()).isEqualTo(status);
    List<String> forms = List.of(presented, base64(presented), base64("user:" + presented), base64("Bearer " + presented));
    String head = response.headers().toString();
    for (String form : forms) {
      assertThat(head).as("response headers").doesNotContain(form);
      assertThat(response.text()).as("response body").doesNotContain(form);
    }
    List<String> lines = linesOnceAccessLogged(id);
    assertThat(lines).as("log lines").isNotEmpty()
        .allSatisfy(line -> forms.forEach(form -> assertThat(line).doesNotContain(form)));
    if (status == 401) {
      assertThat(proxy.upstream().requests()).isEmpty();
    }
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Every line logged, once the access line of request {@code id} is among them (it comes at response end). */
  private List<String> linesOnceAccessLogged(String id) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (true) {
      List<String> lines = lines();
      if (lines.stream().anyMatch(line -> line.contains("id=" + id))) {
        return lines;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no access line for " + id + " within 5 s; logged: " + lines);
      }
      LockSupport.parkNanos(2_000_000);
    }
  }

  private List<String> lines() {
    // AppenderBase.doAppend holds the appender's lock while it adds to the list.
    synchronized (logged) {
      List<String> lines = new ArrayList<>();
      for (ILoggingEvent event : logged.list) {
        lines.add(event.getLoggerName() + " " + event.getFormattedMessage()
            + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy())));
      }
      return lines;
    }
  }
}

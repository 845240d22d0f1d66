package dev.factoryproxy.upstream;

import dev.factoryproxy.config.ProxySettings;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.PoolOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one non-blocking HTTP client each verticle uses to reach Factory AI. */
public final class UpstreamClient {

  private static final Logger log = LoggerFactory.getLogger(UpstreamClient.class);

  private UpstreamClient() {
  }

  public static HttpClientAgent create(Vertx vertx, ProxySettings settings) {
    HttpClientOptions options = new HttpClientOptions()
        .setName("factory-upstream")
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()))
        .setKeepAlive(true)
        .setTcpNoDelay(true)
        // Transparent: whatever encoding Factory answers with is passed on, not undone here.
        .setDecompressionSupported(false)
        .setSsl("https".equals(settings.baseUrl().getScheme()))
        .setVerifyHost(true)
        .setForceSni(true)
        .setMaxHeaderSize(32 * 1024);
    // Every open stream holds a connection: the default pool of 5 would queue the sixth.
    PoolOptions pool = new PoolOptions().setHttp1MaxSize(settings.upstreamPoolSize());
    return vertx.httpClientBuilder().with(options).with(pool)
        .withConnectHandler(UpstreamClient::quietOnFailure)
        .build();
  }

  /**
   * A connection failure (Factory or a middlebox resetting it) also reaches the request it
   * carried, which answers 502 or cuts the client's stream and logs the outcome on its access
   * line. Without a handler of its own Vert.x would add a bare "Connection reset" at ERROR,
   * with no request to tie it to.
   */
  private static void quietOnFailure(HttpConnection connection) {
    connection.exceptionHandler(err ->
        log.debug("upstream connection {}: {}", connection.remoteAddress(), err.toString()));
  }
}

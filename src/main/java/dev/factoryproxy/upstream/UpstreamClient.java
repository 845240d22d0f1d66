package dev.factoryproxy.upstream;

import dev.factoryproxy.config.ProxySettings;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;

/** The one non-blocking HTTP client each verticle uses to reach Factory AI. */
public final class UpstreamClient {

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
    return vertx.createHttpClient(options, pool);
  }
}

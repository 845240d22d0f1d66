package dev.factoryproxy.upstream;

import dev.factoryproxy.config.RouteSpec;
import java.net.URI;

/**
 * Where one route's requests go: the host, port and TLS of {@code FACTORY_BASE_URL} and the
 * route's path under it. Only configuration decides this; nothing in a request can change it.
 */
public record UpstreamTarget(String host, int port, boolean ssl, String path) {

  public static UpstreamTarget of(URI baseUrl, RouteSpec route) {
    return of(baseUrl, route.upstreamPath());
  }

  /** @param upstreamPath a path relative to {@code FACTORY_BASE_URL}, e.g. {@code a/v1/messages} */
  public static UpstreamTarget of(URI baseUrl, String upstreamPath) {
    boolean ssl = "https".equals(baseUrl.getScheme());
    int port = baseUrl.getPort() > 0 ? baseUrl.getPort() : ssl ? 443 : 80;
    String basePath = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
    return new UpstreamTarget(baseUrl.getHost(), port, ssl, basePath + "/" + upstreamPath);
  }

  /** The request URI: the route's path, with the client's query string as it was sent. */
  public String uri(String rawQuery) {
    return rawQuery == null ? path : path + "?" + rawQuery;
  }
}

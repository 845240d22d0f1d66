package dev.factoryproxy.upstream;

import dev.factoryproxy.config.RouteSpec;
import dev.factoryproxy.config.Secret;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The headers the proxy adds to every upstream request of a route or catalog model: the owner's
 * token, the {@code x-api-provider} and the configured static headers. Built once per route and model,
 * with Netty's pre-encoded header names and values, and applied with {@code set} so a
 * client can never supply them.
 */
public final class UpstreamHeaders {

  private final List<CharSequence[]> headers;

  private UpstreamHeaders(List<CharSequence[]> headers) {
    this.headers = headers;
  }

  public static UpstreamHeaders of(RouteSpec route, Secret token) {
    return of(route.provider(), route.headers(), token);
  }

  /** For a catalog model: its provider and static headers. */
  public static UpstreamHeaders of(String provider, Map<String, String> staticHeaders, Secret token) {
    List<CharSequence[]> headers = new ArrayList<>();
    for (Map.Entry<String, String> header : staticHeaders.entrySet()) {
      headers.add(pair(header.getKey(), header.getValue()));
    }
    headers.add(pair("x-api-provider", provider));
    headers.add(pair("authorization", "Bearer " + token.value()));
    return new UpstreamHeaders(List.copyOf(headers));
  }

  public MultiMap applyTo(MultiMap headers) {
    for (CharSequence[] header : this.headers) {
      headers.set(header[0], header[1]);
    }
    return headers;
  }

  private static CharSequence[] pair(String name, String value) {
    return new CharSequence[] {HttpHeaders.createOptimized(name), HttpHeaders.createOptimized(value)};
  }

  @Override
  public String toString() {
    return "UpstreamHeaders[" + headers.size() + " headers]";
  }
}

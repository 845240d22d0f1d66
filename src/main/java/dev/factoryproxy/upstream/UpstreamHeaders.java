package dev.factoryproxy.upstream;

import dev.factoryproxy.config.RouteSpec;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The headers the proxy adds to every upstream request of a route or catalog model: the
 * {@code x-api-provider} and the configured static headers. Built once per route and model,
 * with Netty's pre-encoded header names and values, and applied with {@code set} so a
 * client can never supply them. The token's {@code Authorization} is not among them: it is set
 * per attempt, from the token the pool chose ({@link #authorize}).
 */
public final class UpstreamHeaders {

  private static final CharSequence AUTHORIZATION = HttpHeaders.createOptimized("authorization");

  private final List<CharSequence[]> headers;

  private UpstreamHeaders(List<CharSequence[]> headers) {
    this.headers = headers;
  }

  public static UpstreamHeaders of(RouteSpec route) {
    return of(route.provider(), route.headers());
  }

  /** For a catalog model: its provider and static headers. */
  public static UpstreamHeaders of(String provider, Map<String, String> staticHeaders) {
    List<CharSequence[]> headers = new ArrayList<>();
    for (Map.Entry<String, String> header : staticHeaders.entrySet()) {
      headers.add(pair(header.getKey(), header.getValue()));
    }
    headers.add(pair("x-api-provider", provider));
    return new UpstreamHeaders(List.copyOf(headers));
  }

  public MultiMap applyTo(MultiMap headers) {
    for (CharSequence[] header : this.headers) {
      headers.set(header[0], header[1]);
    }
    return headers;
  }

  /** Sets the attempt's token: {@code authorization} is {@code Bearer <value>}, pre-encoded by the pool. */
  public static MultiMap authorize(MultiMap headers, CharSequence authorization) {
    return headers.set(AUTHORIZATION, authorization);
  }

  private static CharSequence[] pair(String name, String value) {
    return new CharSequence[] {HttpHeaders.createOptimized(name), HttpHeaders.createOptimized(value)};
  }

  @Override
  public String toString() {
    return "UpstreamHeaders[" + headers.size() + " headers]";
  }
}

package dev.factoryproxy.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * One request as the mock upstream received it.
 *
 * @param method the HTTP method
 * @param uri the request URI, with its query string
 * @param headers every header, as received
 * @param body the body bytes, as received
 * @param closedEarly completes when the proxy closed or reset the connection before the mock
 *     finished its reply (the "client went away, stop generating" signal)
 */
public record Recorded(String method, String uri, MultiMap headers, Buffer body, Future<Void> closedEarly) {

  public String path() {
    int q = uri.indexOf('?');
    return q < 0 ? uri : uri.substring(0, q);
  }
}

package dev.factoryproxy.upstream;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which headers cross the proxy. End-to-end headers pass both ways untouched; hop-by-hop
 * headers (RFC 9110 §7.6.1, plus every header the {@code Connection} header names) stop at
 * the proxy in both directions; the client's credentials and forwarding headers never reach
 * Factory, which instead sees the owner's token from {@link UpstreamHeaders}.
 */
public final class HeaderPolicy {

  // Case-insensitive sets: header names arrive in any case, and lower-casing each one to look
  // it up would allocate a string per header per request.
  private static final Set<String> HOP_BY_HOP = caseInsensitive(
      "connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding",
      "upgrade", "proxy-authorization", "proxy-authenticate");

  /**
   * Set by the proxy itself (host, length) or private to the client's side: its credentials,
   * and where it connected from, which is no business of Factory's. Also every header some
   * server or framework takes as a routing or method override (a rewritten URL, another host,
   * another method): only configuration decides where a request goes and what it is.
   */
  private static final Set<String> CLIENT_SIDE_ONLY = caseInsensitive(
      "host", "content-length", "expect", "authorization", "x-api-key", "cookie",
      "forwarded", "x-real-ip", "via", "true-client-ip", "x-client-ip",
      "x-original-url", "x-rewrite-url", "x-original-host", "x-host",
      "x-http-method-override", "x-http-method", "x-method-override");

  private static final String FORWARDED_PREFIX = "x-forwarded-";

  private HeaderPolicy() {
  }

  /** The client's headers that go upstream, before the proxy adds its own. */
  public static MultiMap forUpstream(MultiMap client) {
    Set<String> named = connectionNamed(client);
    MultiMap out = HttpHeaders.headers();
    for (Map.Entry<String, String> header : client) {
      String name = header.getKey();
      if (!HOP_BY_HOP.contains(name) && !CLIENT_SIDE_ONLY.contains(name)
          && !name.regionMatches(true, 0, FORWARDED_PREFIX, 0, FORWARDED_PREFIX.length())
          && (named == null || !named.contains(name))) {
        out.add(name, header.getValue());
      }
    }
    return out;
  }

  /** Copies the upstream response's end-to-end headers onto the client response. */
  public static void copyToClient(MultiMap upstream, MultiMap client) {
    Set<String> named = connectionNamed(upstream);
    for (Map.Entry<String, String> header : upstream) {
      String name = header.getKey();
      if (!HOP_BY_HOP.contains(name) && (named == null || !named.contains(name))) {
        client.add(name, header.getValue());
      }
    }
  }

  /** The header names listed in {@code Connection}, or {@code null} if none. */
  private static Set<String> connectionNamed(MultiMap headers) {
    if (!headers.contains(HttpHeaders.CONNECTION)) {
      return null;
    }
    Set<String> named = null;
    for (String value : headers.getAll(HttpHeaders.CONNECTION)) {
      for (String token : value.split(",")) {
        String name = token.trim();
        if (!name.isEmpty()) {
          if (named == null) {
            named = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
          }
          named.add(name);
        }
      }
    }
    return named;
  }

  private static Set<String> caseInsensitive(String... names) {
    Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    set.addAll(List.of(names));
    return Collections.unmodifiableSet(set);
  }
}

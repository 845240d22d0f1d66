package dev.factoryproxy.upstream;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.Map;

/**
 * Which headers cross the proxy. End-to-end headers pass both ways untouched; hop-by-hop
 * headers (RFC 9110 §7.6.1, plus every header the {@code Connection} header names) stop at
 * the proxy in both directions; the client's credentials and forwarding headers never reach
 * Factory, which instead sees the owner's token from {@link UpstreamHeaders}.
 */
public final class HeaderPolicy {

  // Header names arrive in any case. Vert.x's case-insensitive multimap hashes a name without
  // lower-casing it (no string per header per request) and looks it up in one probe, where a
  // case-insensitive TreeSet compared it character by character with several names.
  private static final MultiMap HOP_BY_HOP = caseInsensitive(
      "connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding",
      "upgrade", "proxy-authorization", "proxy-authenticate");

  /**
   * Set by the proxy itself (host, length) or private to the client's side: its credentials,
   * and where it connected from, which is no business of Factory's. Also every header some
   * server or framework takes as a routing or method override (a rewritten URL, another host,
   * another method): only configuration decides where a request goes and what it is.
   */
  private static final MultiMap CLIENT_SIDE_ONLY = caseInsensitive(
      "host", "content-length", "expect", "authorization", "x-api-key", "cookie",
      "forwarded", "x-real-ip", "via", "true-client-ip", "x-client-ip",
      "x-original-url", "x-rewrite-url", "x-original-host", "x-host",
      "x-http-method-override", "x-http-method", "x-method-override");

  private static final String FORWARDED_PREFIX = "x-forwarded-";

  private HeaderPolicy() {
  }

  /** The client's headers that go upstream, before the proxy adds its own. */
  public static MultiMap forUpstream(MultiMap client) {
    MultiMap named = connectionNamed(client);
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
    MultiMap named = connectionNamed(upstream);
    for (Map.Entry<String, String> header : upstream) {
      String name = header.getKey();
      if (!HOP_BY_HOP.contains(name) && (named == null || !named.contains(name))) {
        client.add(name, header.getValue());
      }
    }
  }

  /** The header names listed in {@code Connection}, or {@code null} if none. */
  private static MultiMap connectionNamed(MultiMap headers) {
    if (!headers.contains(HttpHeaders.CONNECTION)) {
      return null;
    }
    MultiMap named = null;
    for (String value : headers.getAll(HttpHeaders.CONNECTION)) {
      for (String token : value.split(",")) {
        String name = token.trim();
        if (!name.isEmpty()) {
          if (named == null) {
            named = MultiMap.caseInsensitiveMultiMap();
          }
          named.add(name, "");
        }
      }
    }
    return named;
  }

  private static MultiMap caseInsensitive(String... names) {
    MultiMap set = MultiMap.caseInsensitiveMultiMap();
    for (String name : names) {
      set.add(name, "");
    }
    return set.copy(false);
  }
}

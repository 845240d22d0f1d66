package dev.factoryproxy.upstream;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which headers cross the proxy. End-to-end headers pass both ways untouched; hop-by-hop
 * headers (RFC 9110 §7.6.1, plus every header the {@code Connection} header names) stop at
 * the proxy in both directions; the client's credentials and forwarding headers never reach
 * Factory, which instead sees the owner's token from {@link UpstreamHeaders}.
 */
public final class HeaderPolicy {

  private static final Set<String> HOP_BY_HOP = Set.of(
      "connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding",
      "upgrade", "proxy-authorization", "proxy-authenticate");

  /**
   * Set by the proxy itself (host, length) or private to the client's side: its credentials,
   * and where it connected from, which is no business of Factory's.
   */
  private static final Set<String> CLIENT_SIDE_ONLY = Set.of(
      "host", "content-length", "expect", "authorization", "x-api-key", "cookie",
      "forwarded", "x-real-ip", "via");

  private static final String FORWARDED_PREFIX = "x-forwarded-";

  private HeaderPolicy() {
  }

  /** The client's headers that go upstream, before the proxy adds its own. */
  public static MultiMap forUpstream(MultiMap client) {
    Set<String> named = connectionNamed(client);
    MultiMap out = HttpHeaders.headers();
    for (Map.Entry<String, String> header : client) {
      String name = lower(header.getKey());
      if (!HOP_BY_HOP.contains(name) && !CLIENT_SIDE_ONLY.contains(name)
          && !name.startsWith(FORWARDED_PREFIX) && (named == null || !named.contains(name))) {
        out.add(header.getKey(), header.getValue());
      }
    }
    return out;
  }

  /** Copies the upstream response's end-to-end headers onto the client response. */
  public static void copyToClient(MultiMap upstream, MultiMap client) {
    Set<String> named = connectionNamed(upstream);
    for (Map.Entry<String, String> header : upstream) {
      String name = lower(header.getKey());
      if (!HOP_BY_HOP.contains(name) && (named == null || !named.contains(name))) {
        client.add(header.getKey(), header.getValue());
      }
    }
  }

  /** The header names listed in {@code Connection}, lower-cased, or {@code null} if none. */
  private static Set<String> connectionNamed(MultiMap headers) {
    Set<String> named = null;
    for (String value : headers.getAll(HttpHeaders.CONNECTION)) {
      for (String token : value.split(",")) {
        String name = token.trim().toLowerCase(Locale.ROOT);
        if (!name.isEmpty()) {
          if (named == null) {
            named = new HashSet<>();
          }
          named.add(name);
        }
      }
    }
    return named;
  }

  /** Lower-cases without allocating in the usual case of a name that already is. */
  private static String lower(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        return name.toLowerCase(Locale.ROOT);
      }
    }
    return name;
  }
}

package dev.factoryproxy.config;

import dev.factoryproxy.error.ErrorFormat;
import dev.factoryproxy.translate.WireApi;
import java.util.List;
import java.util.Map;

/**
 * One proxied API: the paths clients call, where it goes upstream and how it speaks errors.
 *
 * @param name short label for logs and {@code GET /}
 * @param paths the client paths, each starting with {@code /}
 * @param upstreamPath the path under {@code FACTORY_BASE_URL}, e.g. {@code a/v1/messages}
 * @param provider the {@code x-api-provider} header Factory routes on
 * @param errorFormat the error envelope the route's clients expect
 * @param headers static headers added to every upstream request of this route
 * @param api the API the route's clients speak, from its {@code "api"} or else its upstream path;
 *     {@code null} for a route whose requests are never translated, only forwarded
 */
public record RouteSpec(
    String name,
    List<String> paths,
    String upstreamPath,
    String provider,
    ErrorFormat errorFormat,
    Map<String, String> headers,
    WireApi api) {

  public RouteSpec {
    paths = List.copyOf(paths);
    headers = Map.copyOf(headers);
  }
}

package dev.factoryproxy.upstream;

import dev.factoryproxy.translate.WireApi;

/**
 * Where one request goes: the URL, and the headers the proxy adds ({@code x-api-provider},
 * static headers; the token is set per attempt). Chosen per request by the model routing stage, from a route or a catalog
 * entry; built once at start, so choosing costs a lookup.
 *
 * @param api the API the upstream speaks; {@code null} for a route of no known API
 * @param name the route or catalog model it was built for, for logs
 */
public record Upstream(WireApi api, String name, UpstreamTarget target, UpstreamHeaders headers) {
}

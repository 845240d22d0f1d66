package dev.factoryproxy.config;

import dev.factoryproxy.catalog.ModelCatalog;
import dev.factoryproxy.tokens.TokenSettings;
import dev.factoryproxy.translate.ReasoningBudgets;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything the proxy was configured with, read once at start, validated, immutable.
 * Secrets print as {@code <redacted>}, so the record itself is safe to log.
 *
 * @param tokens the Factory AI tokens sent upstream as {@code Authorization: Bearer} ({@code FACTORY_AI_TOKEN},
 *     {@code UPSTREAM_TOKENS}), with {@code MAX_RETRIES}, {@code MAX_COOLDOWN} and {@code EXHAUSTED_COOLDOWN}
 * @param baseUrl {@code FACTORY_BASE_URL}, without a trailing slash
 * @param host the address to bind
 * @param hostExplicit whether {@code HOST} was set, rather than chosen from {@code PROXY_API_KEYS}
 * @param port the port to bind; 0 picks a free one
 * @param clientKeys the keys clients must present, if any
 * @param connectTimeout how long to wait for an upstream connection
 * @param responseTimeout how long to wait for upstream response headers
 * @param streamIdleTimeout how long an upstream body may go without a chunk
 * @param headerTimeout how long a client connection may go without a request in progress: from
 *     its opening, or from the end of its last response, to a complete request head
 * @param bodyTimeout how long a request body may go without a byte arriving (408 after it)
 * @param shutdownTimeout how long requests in flight may finish after SIGTERM; zero closes at once
 * @param maxBodyBytes the largest request body accepted
 * @param maxHeaderBytes the largest request header section accepted (431 above)
 * @param maxUriLength the longest request target accepted (414 above)
 * @param upstreamPoolSize the most upstream connections per event loop
 * @param instances how many event-loop verticles serve requests
 * @param routes the proxied APIs
 * @param modelAliases model names clients may use, mapped to the names sent upstream
 * @param catalog {@code MODELS} with {@code MODEL_ALIASES} and {@code STRICT_MODELS}: which model
 *     goes over which API; empty when {@code MODELS} is not set
 * @param reasoningBudgets {@code REASONING_BUDGETS}: reasoning effort to Anthropic thinking budget
 * @param access client identities, limits and usage: {@code KEYS_FILE}, {@code ADMIN_API_KEY}, {@code STATE_DIR}
 * @param serverTiming whether responses carry {@code Server-Timing} ({@code SERVER_TIMING}, default true)
 */
public record ProxySettings(
    TokenSettings tokens,
    URI baseUrl,
    String host,
    boolean hostExplicit,
    int port,
    ClientKeys clientKeys,
    Duration connectTimeout,
    Duration responseTimeout,
    Duration streamIdleTimeout,
    Duration headerTimeout,
    Duration bodyTimeout,
    Duration shutdownTimeout,
    long maxBodyBytes,
    int maxHeaderBytes,
    int maxUriLength,
    int upstreamPoolSize,
    int instances,
    List<RouteSpec> routes,
    Map<String, String> modelAliases,
    ModelCatalog catalog,
    ReasoningBudgets reasoningBudgets,
    AccessSettings access,
    boolean serverTiming) {

  public ProxySettings {
    routes = List.copyOf(routes);
    modelAliases = Map.copyOf(modelAliases);
  }

  /** The full upstream URL of a route, as shown on {@code GET /}. */
  public String upstreamUrl(RouteSpec route) {
    return baseUrl + "/" + route.upstreamPath();
  }

  /** Why the proxy binds where it does, for the start-up log line. */
  public String bindReason() {
    if (hostExplicit) {
      return "HOST is set";
    }
    return clientKeys.required()
        ? "PROXY_API_KEYS is set, so clients must present a key"
        : "PROXY_API_KEYS is not set, so only this machine may use the token";
  }
}

package dev.factoryproxy.upstream.impl;

import dev.factoryproxy.config.ProxySettings;
import dev.factoryproxy.config.RouteSpec;
import dev.factoryproxy.stream.DeadlineSweeper;
import dev.factoryproxy.tokens.TokenPool;
import dev.factoryproxy.upstream.ForwardHandler;
import dev.factoryproxy.translate.Formats;
import dev.factoryproxy.translate.WireApi;
import dev.factoryproxy.upstream.Upstream;
import dev.factoryproxy.upstream.Upstreams;
import dev.factoryproxy.usage.UsageObserver;
import dev.factoryproxy.usage.UsageObservers;
import io.vertx.core.http.HttpClient;
import io.vertx.ext.web.RoutingContext;

public final class ForwardHandlerImpl implements ForwardHandler {

  private final HttpClient client;
  private final DeadlineSweeper sweeper;
  private final RouteSpec route;
  private final Upstream routeUpstream;
  private final Formats formats;
  private final long connectTimeoutMillis;
  private final long responseTimeoutMillis;
  private final long streamIdleMillis;
  private final UsageObservers usage;
  private final TokenPool tokens;

  public ForwardHandlerImpl(HttpClient client, DeadlineSweeper sweeper, ProxySettings settings, RouteSpec route,
                            Upstreams upstreams, Formats formats, UsageObservers usage, TokenPool tokens) {
    this.usage = usage;
    this.tokens = tokens;
    this.client = client;
    this.sweeper = sweeper;
    this.route = route;
    this.routeUpstream = upstreams.forRoute(route);
    this.formats = formats;
    this.connectTimeoutMillis = settings.connectTimeout().toMillis();
    this.responseTimeoutMillis = settings.responseTimeout().toMillis();
    this.streamIdleMillis = settings.streamIdleTimeout().toMillis();
  }

  @Override
  public void handle(RoutingContext ctx) {
    new ProxiedExchange(this, ctx).start();
  }

  TokenPool tokens() {
    return tokens;
  }

  DeadlineSweeper sweeper() {
    return sweeper;
  }

  HttpClient client() {
    return client;
  }

  RouteSpec route() {
    return route;
  }

  /** Where a request goes when no stage chose otherwise. */
  Upstream routeUpstream() {
    return routeUpstream;
  }

  Formats formats() {
    return formats;
  }

  long connectTimeoutMillis() {
    return connectTimeoutMillis;
  }

  long responseTimeoutMillis() {
    return responseTimeoutMillis;
  }

  /** The observer of one answer's usage, or {@code null}. */
  UsageObserver usageObserver(WireApi api, String contentType) {
    return usage.open(api, contentType);
  }

  long streamIdleMillis() {
    return streamIdleMillis;
  }
}

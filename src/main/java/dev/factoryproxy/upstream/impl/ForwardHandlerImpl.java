package dev.factoryproxy.upstream.impl;

import dev.factoryproxy.config.ProxySettings;
import dev.factoryproxy.config.RouteSpec;
import dev.factoryproxy.stream.DeadlineSweeper;
import dev.factoryproxy.upstream.ForwardHandler;
import dev.factoryproxy.upstream.UpstreamHeaders;
import dev.factoryproxy.upstream.UpstreamTarget;
import dev.factoryproxy.translate.WireApi;
import dev.factoryproxy.usage.UsageObserver;
import dev.factoryproxy.usage.UsageObservers;
import io.vertx.core.http.HttpClient;
import io.vertx.ext.web.RoutingContext;

public final class ForwardHandlerImpl implements ForwardHandler {

  private final HttpClient client;
  private final DeadlineSweeper sweeper;
  private final RouteSpec route;
  private final UpstreamTarget target;
  private final UpstreamHeaders headers;
  private final long connectTimeoutMillis;
  private final long responseTimeoutMillis;
  private final long streamIdleMillis;
  private final UsageObservers usage;
  private final WireApi api;

  public ForwardHandlerImpl(HttpClient client, DeadlineSweeper sweeper, ProxySettings settings, RouteSpec route,
                            UsageObservers usage) {
    this.usage = usage;
    this.api = WireApi.ofUpstreamPath(route.upstreamPath());
    this.client = client;
    this.sweeper = sweeper;
    this.route = route;
    this.target = UpstreamTarget.of(settings.baseUrl(), route);
    this.headers = UpstreamHeaders.of(route, settings.token());
    this.connectTimeoutMillis = settings.connectTimeout().toMillis();
    this.responseTimeoutMillis = settings.responseTimeout().toMillis();
    this.streamIdleMillis = settings.streamIdleTimeout().toMillis();
  }

  @Override
  public void handle(RoutingContext ctx) {
    new ProxiedExchange(this, ctx).start();
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

  UpstreamTarget target() {
    return target;
  }

  UpstreamHeaders headers() {
    return headers;
  }

  long connectTimeoutMillis() {
    return connectTimeoutMillis;
  }

  long responseTimeoutMillis() {
    return responseTimeoutMillis;
  }

  /** The observer of one answer's usage, or {@code null}. */
  UsageObserver usageObserver(String contentType) {
    return usage.open(api, contentType);
  }

  long streamIdleMillis() {
    return streamIdleMillis;
  }
}

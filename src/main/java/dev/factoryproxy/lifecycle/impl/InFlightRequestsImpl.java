package dev.factoryproxy.lifecycle.impl;

import dev.factoryproxy.lifecycle.DrainReport;
import dev.factoryproxy.lifecycle.InFlightRequests;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.ext.web.RoutingContext;

public final class InFlightRequestsImpl implements InFlightRequests {

  private int current;
  private boolean draining;
  private int inFlightWhileDraining;
  private int completed;
  private Promise<Void> settled;

  @Override
  public void handle(RoutingContext ctx) {
    current++;
    if (draining) {
      inFlightWhileDraining++;
    }
    ctx.addEndHandler(result -> {
      current--;
      if (draining && result.succeeded()) {
        completed++;
      }
      if (current == 0 && settled != null) {
        settled.tryComplete();
      }
    });
    ctx.next();
  }

  @Override
  public int current() {
    return current;
  }

  @Override
  public void draining() {
    draining = true;
    inFlightWhileDraining = current;
  }

  @Override
  public Future<Void> settled() {
    if (current == 0) {
      return Future.succeededFuture();
    }
    if (settled == null) {
      settled = Promise.promise();
    }
    return settled.future();
  }

  @Override
  public DrainReport report() {
    // A connection closed at the deadline may report its end after this tally: the arithmetic
    // counts it as cut either way.
    return new DrainReport(inFlightWhileDraining, completed, inFlightWhileDraining - completed);
  }
}

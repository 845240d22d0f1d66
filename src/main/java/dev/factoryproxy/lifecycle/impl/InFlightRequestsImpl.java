package dev.factoryproxy.lifecycle.impl;

import dev.factoryproxy.lifecycle.DrainReport;
import dev.factoryproxy.lifecycle.InFlightRequests;
import io.vertx.ext.web.RoutingContext;

public final class InFlightRequestsImpl implements InFlightRequests {

  private int current;
  private boolean draining;
  private int inFlightWhileDraining;
  private int completed;

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
  public DrainReport report() {
    // A connection closed at the deadline may report its end after this tally: the arithmetic
    // counts it as cut either way.
    return new DrainReport(inFlightWhileDraining, completed, inFlightWhileDraining - completed);
  }
}

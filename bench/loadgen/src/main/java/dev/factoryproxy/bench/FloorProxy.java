package dev.factoryproxy.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;

/**
 * The least a Vert.x reverse proxy can do: read the body, send it to one fixed upstream URL,
 * copy status and headers back and pipe the body. No Router, no auth, no JSON check, no header
 * policy, no timeouts, no access log. Same Vert.x, same transport choice (io_uring, else epoll)
 * and same JVM flags as factory-proxy, so the gap between the two is what factory-proxy's own
 * work costs, and the gap between this and nginx is what Vert.x's HTTP stack costs.
 * Reference only: never a target.
 */
final class FloorProxy extends VerticleBase {

  private final int port;
  private final URI upstream;
  private HttpClient client;

  private FloorProxy(int port, URI upstream) {
    this.port = port;
    this.upstream = upstream;
  }

  static void run(Args args) throws Exception {
    int port = args.integer("port", 18094);
    URI upstream = URI.create(args.required("upstream"));
    int instances = args.integer("instances", Runtime.getRuntime().availableProcessors());
    Vertx vertx = Transports.likeTheProxy(new VertxOptions().setDisableTCCL(true));
    vertx.deployVerticle(() -> new FloorProxy(port, upstream), new DeploymentOptions().setInstances(instances))
        .toCompletionStage().toCompletableFuture().get();
    System.out.println("floor proxy listening on http://127.0.0.1:" + port + " -> " + upstream + " ("
        + instances + " event loops, native transport " + vertx.isNativeTransportEnabled() + ")");
    Thread.currentThread().join();
  }

  @Override
  public Future<?> start() {
    client = vertx.createHttpClient(new HttpClientOptions(), new PoolOptions().setHttp1MaxSize(20_000));
    return vertx.createHttpServer().requestHandler(this::proxy).listen(port, "127.0.0.1");
  }

  private void proxy(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
          .setHost(upstream.getHost()).setPort(upstream.getPort()).setURI(upstream.getRawPath());
      options.putHeader("content-type", "application/json");
      client.request(options).compose(upstreamRequest -> upstreamRequest.send(body)).onComplete(ar -> {
        HttpServerResponse out = request.response();
        if (ar.failed()) {
          out.setStatusCode(502).end();
          return;
        }
        out.setStatusCode(ar.result().statusCode());
        out.headers().addAll(ar.result().headers());
        ar.result().pipeTo(out);
      });
    });
  }
}

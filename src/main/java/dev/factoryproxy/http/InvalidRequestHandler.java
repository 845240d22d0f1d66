package dev.factoryproxy.http;

import dev.factoryproxy.config.ProxySettings;
import dev.factoryproxy.error.ErrorFormats;
import dev.factoryproxy.error.ProxyError;
import dev.factoryproxy.route.AccessLogHandler;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * Answers a request the decoder could not or would not decode (the server's invalid-request
 * handler): a request line over the limit is 414, headers over {@code MAX_HEADER_SIZE} 431,
 * ambiguous framing ({@link MalformedRequestException}) or anything else Netty refused 400. The
 * body is JSON in the error format of the route the path belongs to, and the connection is
 * closed after it, as Vert.x's default does: nothing after such a head can be trusted.
 *
 * <p>Such a request skips the Router: its head is not trustworthy enough to route, and
 * vertx-web would refuse one without a {@code Host} before any stage ran.
 */
public final class InvalidRequestHandler implements Handler<HttpServerRequest> {

  private final ProxySettings settings;

  private InvalidRequestHandler(ProxySettings settings) {
    this.settings = settings;
  }

  public static InvalidRequestHandler create(ProxySettings settings) {
    return new InvalidRequestHandler(settings);
  }

  @Override
  public void handle(HttpServerRequest request) {
    long start = System.nanoTime();
    Throwable cause = request.decoderResult().cause();
    ProxyError error;
    String message;
    if (cause instanceof TooLongHttpLineException) {
      error = ProxyError.URI_TOO_LONG;
      message = "the request line is longer than MAX_URI_LENGTH (" + settings.maxUriLength() + " bytes) allows";
    } else if (cause instanceof TooLongHttpHeaderException) {
      error = ProxyError.HEADERS_TOO_LARGE;
      message = "the request headers are larger than MAX_HEADER_SIZE (" + settings.maxHeaderBytes() + " bytes)";
    } else if (cause instanceof MalformedRequestException) {
      error = ProxyError.MALFORMED_REQUEST;
      message = "malformed request: " + cause.getMessage();
    } else {
      // Netty's own messages may quote what the client sent; it knows what it sent.
      error = ProxyError.MALFORMED_REQUEST;
      message = "malformed request: not valid HTTP/1.1";
    }
    HttpServerResponse response = request.response();
    Future<Void> written = response.setStatusCode(error.status())
        .putHeader("content-type", "application/json")
        .putHeader("connection", "close")
        .end(ErrorFormats.forPath(settings.routes(), request.path()).render(error, message));
    written.onComplete(ignored -> AccessLogHandler.refused(request, start, message));
    ClosingResponse.closeAfter(written, request.connection());
  }
}
